class CaseFileError(Exception):
    """A case file was refused. The message names the problem and where it is."""
