"""Finding a district's schools by the name or short name a district file gives."""

from __future__ import annotations

from staffroom.web.orgs.models import District, School

__all__ = ["school_lookup"]


def school_lookup(district: District) -> dict[str, list[int]]:
    """Lower-cased, trimmed school name and slug -> the ids of the schools they name.

    A key naming more than one school is ambiguous; imports report it rather than guess.
    """
    schools: dict[str, list[int]] = {}
    for pk, name, slug in School.objects.filter(district=district).values_list(
        "pk", "name", "slug"
    ):
        for key in {name.strip().lower(), slug.strip().lower()}:
            schools.setdefault(key, []).append(pk)
    return schools
