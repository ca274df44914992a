"""Layout modules: one file each; see ARCHITECTURE.md, "Add a layout"."""
