"""FastAPI starter service that AWS Lambda runs through Mangum and awslambdaric."""

__version__ = "1.0.0"
