"""roster: lawful monthly rosters for Norwegian municipal health services, solved with CP-SAT."""

__version__ = "0.1.0"
