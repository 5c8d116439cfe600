"""Build helpers of the repository (not shipped): ``tools.build_wheel``."""
