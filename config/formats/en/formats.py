# One way to write a day and a moment on every page, in both languages: "6 Jan 2026",
# "6 Jan 2026 14:30". Templates that name a format use the same ("j M Y", "j M Y H:i").
DATE_FORMAT = "j M Y"
DATETIME_FORMAT = "j M Y H:i"
