"""Developer tools that are not part of the app: catalogue conversion and extraction."""
