"""Date formats per language (settings.FORMAT_MODULE_PATH). Templates name a format
(`|date:"DATE_FORMAT"`), never a pattern, so each language writes dates its own way; what a
language leaves out here comes from Django's own formats for it."""
