"""handout: sourced, plain-language patient leaflets as print-ready PDFs."""

__version__ = "0.1.0"
