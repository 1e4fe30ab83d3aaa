import Testing
@testable import TaktTrace
