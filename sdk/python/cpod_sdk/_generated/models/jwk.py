from __future__ import annotations

from collections.abc import Mapping
from typing import (
    TYPE_CHECKING,
    Any,
    BinaryIO,
    Generator,
    Literal,
    TextIO,
    TypeVar,
    cast,
)

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="Jwk")


@_attrs_define
class Jwk:
    """An RSA public signing key (RFC 7517, RFC 7518 §6.3.1).

    Attributes:
        kty (Literal['RSA']):
        use (Literal['sig']):
        alg (Literal['RS256']): Only RS256 is issued; verifiers must reject any other `alg` (including `none`).
        kid (str): Key id, matched against the JWT header's `kid`.
        n (str): Modulus, base64url (at least 2048 bits).
        e (str): Public exponent, base64url (usually `AQAB`).
    """

    kty: Literal["RSA"]
    use: Literal["sig"]
    alg: Literal["RS256"]
    kid: str
    n: str
    e: str

    def to_dict(self) -> dict[str, Any]:
        kty = self.kty

        use = self.use

        alg = self.alg

        kid = self.kid

        n = self.n

        e = self.e

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "kty": kty,
                "use": use,
                "alg": alg,
                "kid": kid,
                "n": n,
                "e": e,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        kty = cast(Literal["RSA"], d.pop("kty"))
        if kty != "RSA":
            raise ValueError(f"kty must match const 'RSA', got '{kty}'")

        use = cast(Literal["sig"], d.pop("use"))
        if use != "sig":
            raise ValueError(f"use must match const 'sig', got '{use}'")

        alg = cast(Literal["RS256"], d.pop("alg"))
        if alg != "RS256":
            raise ValueError(f"alg must match const 'RS256', got '{alg}'")

        kid = d.pop("kid")

        n = d.pop("n")

        e = d.pop("e")

        jwk = cls(
            kty=kty,
            use=use,
            alg=alg,
            kid=kid,
            n=n,
            e=e,
        )

        return jwk
