"""codecheck"""
