"""The Staffroom web application (Django): organisations, accounts, surveys, results."""
