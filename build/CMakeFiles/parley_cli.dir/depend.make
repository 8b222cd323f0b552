# Empty dependencies file for parley_cli.
# This may be replaced when dependencies are built.
