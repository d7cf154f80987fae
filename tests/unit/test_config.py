"""Choosing the configuration: a class or a name, and a clear refusal for anything else."""

import pytest

from ims_training.config import ProductionConfig, TestConfig, resolve_config


def test_configuration_is_chosen_by_class_or_by_name() -> None:
    assert resolve_config(TestConfig) is TestConfig
    assert resolve_config("production") is ProductionConfig


def test_an_object_that_is_not_a_configuration_is_refused_with_what_was_given() -> None:
    with pytest.raises(TypeError, match=r"Config class .*not <class 'dict'>"):
        resolve_config(dict)
