"""The app's screens: loading, explorer, reader and help."""
