"""jiangbei-recon: reconcile the web and print copies of one Chinese news article."""

__version__ = "0.1.0"
