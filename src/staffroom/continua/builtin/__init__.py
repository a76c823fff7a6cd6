"""Continua shipped with Staffroom (YAML files read by ``staffroom.continua.loader``)."""
