# The hand-built March cases serve the dashboard's tests and the activity report's.
from .test_dashboard import march_cases  # noqa: F401
