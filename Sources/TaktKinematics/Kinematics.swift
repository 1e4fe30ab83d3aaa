import TaktFixed
