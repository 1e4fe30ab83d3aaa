public enum TaktRandomPlaceholder {}
