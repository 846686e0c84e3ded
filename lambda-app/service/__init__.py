"""FastAPI service that AWS Lambda runs through Mangum and awslambdaric."""
