# The core app holds plumbing only (clock, errors, files, middleware, template tags): no models.
