"""The app's widgets; each posts messages up and never queries its siblings."""
