import TaktCLI
