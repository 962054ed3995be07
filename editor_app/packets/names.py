"""The packet format's names, in a module light enough for the window to import before its
first paint (the reader and writer load the library and the photo pipeline)."""

FORMAT_NAME = "copydesk-story"
FORMAT_VERSION = 1
PACKET_SUFFIX = ".copydesk-story"
