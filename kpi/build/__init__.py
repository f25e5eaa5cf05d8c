"""The build: the main job's declared steps, the notebook runner and the command line (the top layer)."""
