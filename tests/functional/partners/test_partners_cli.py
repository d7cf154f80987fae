"""`flask partners ...` creates partners, coordinators, cohorts and members."""

from ims_training.models import Role
from ims_training.services.partners import partners


def test_partner_commands_build_a_cohort(app, runner, make_user):
    make_user(Role.INSTRUCTOR, email="kari@example.org")
    trainee = make_user(Role.TRAINEE, email="tor@example.org")
    assert (
        runner.invoke(args=["partners", "create", "IMS Norge", "--kind", "association"]).exit_code
        == 0
    )
    result = runner.invoke(args=["partners", "add-coordinator", "ims-norge", "kari@example.org"])
    assert result.exit_code == 0, result.output
    assert (
        runner.invoke(
            args=[
                "partners",
                "create-cohort",
                "IMS Norge",
                "Kull 2025",
                "--starts-on",
                "2025-09-01",
            ]
        ).exit_code
        == 0
    )
    result = runner.invoke(
        args=["partners", "add-member", "ims-norge", "Kull 2025", "tor@example.org"]
    )
    assert result.exit_code == 0, result.output
    cohort = partners.cohort_by_name(partners.partner_by_name("IMS Norge"), "Kull 2025")
    assert partners.members_of(cohort) == [trainee]
    assert "ims-norge" in runner.invoke(args=["partners", "list"]).output


def test_partner_commands_explain_mistakes(app, runner):
    result = runner.invoke(args=["partners", "add-member", "nowhere", "K", "x@example.org"])
    assert result.exit_code != 0 and "No partner 'nowhere'" in result.output
    runner.invoke(args=["partners", "create", "IMS Norge"])
    result = runner.invoke(args=["partners", "create", "IMS Norge"])
    assert result.exit_code != 0 and "already exists" in result.output
