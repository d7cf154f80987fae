from . import Expect

ADMIN = ("administrator",)

EXPECTATIONS = {
    "admin.users": Expect("/admin/users", allowed=ADMIN),
    "admin.user_detail": Expect(lambda w: f"/admin/users/{w.users['trainee'].id}", allowed=ADMIN),
    "admin.user_roles": Expect(
        lambda w: f"/admin/users/{w.users['trainee'].id}/roles",
        methods=("POST",),
        allowed=ADMIN,
        data={"roles": ["trainee"]},
    ),
    "admin.user_status": Expect(
        lambda w: f"/admin/users/{w.users['instructor'].id}/status",
        methods=("POST",),
        allowed=ADMIN,
        data={"reason": "matrix"},
    ),
}
