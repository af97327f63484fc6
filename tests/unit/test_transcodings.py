from __future__ import annotations

import importlib
import inspect
import pkgutil
from enum import Enum

import domain
from application.app import ENUMS


def test_every_domain_enumeration_has_a_transcoding() -> None:
    found = set()
    for module_info in pkgutil.iter_modules(domain.__path__):
        module = importlib.import_module(f"domain.{module_info.name}")
        for _, value in inspect.getmembers(module, inspect.isclass):
            if (
                issubclass(value, Enum)
                and value is not Enum
                and value.__module__ == module.__name__
            ):
                found.add(value)
    assert found
    assert found <= set(ENUMS)
