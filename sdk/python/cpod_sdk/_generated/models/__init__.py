"""Contains all the data models used in inputs/outputs"""

from .analytics_event import AnalyticsEvent
from .analytics_filter import AnalyticsFilter
from .analytics_filter_op import AnalyticsFilterOp
from .analytics_query import AnalyticsQuery
from .analytics_query_aggregate import AnalyticsQueryAggregate
from .analytics_query_interval import AnalyticsQueryInterval
from .analytics_result import AnalyticsResult
from .analytics_row import AnalyticsRow
from .analytics_row_group import AnalyticsRowGroup
from .app import App
from .app_create_request import AppCreateRequest
from .app_list import AppList
from .app_type import AppType
from .app_with_secret import AppWithSecret
from .audit_actor import AuditActor
from .audit_actor_type import AuditActorType
from .audit_page import AuditPage
from .audit_record import AuditRecord
from .audit_record_metadata_type_0 import AuditRecordMetadataType0
from .audit_record_outcome import AuditRecordOutcome
from .audit_resource import AuditResource
from .audit_verify_result import AuditVerifyResult
from .client_auth_method import ClientAuthMethod
from .client_credentials_grant import ClientCredentialsGrant
from .delete_file_tier import DeleteFileTier
from .delete_kv_tier import DeleteKvTier
from .error_code import ErrorCode
from .event_batch import EventBatch
from .event_properties import EventProperties
from .field_error import FieldError
from .file_list import FileList
from .file_object import FileObject
from .get_file_tier import GetFileTier
from .get_kv_tier import GetKvTier
from .get_open_api_document_response_200 import GetOpenApiDocumentResponse200
from .get_presigned_file_x_cpod_method import GetPresignedFileXCpodMethod
from .group import Group
from .group_create import GroupCreate
from .group_list import GroupList
from .group_update import GroupUpdate
from .head_file_tier import HeadFileTier
from .health import Health
from .incr_kv_tier import IncrKvTier
from .ingest_result import IngestResult
from .introspection_request import IntrospectionRequest
from .introspection_response import IntrospectionResponse
from .introspection_response_token_type import IntrospectionResponseTokenType
from .jwk import Jwk
from .jwks import Jwks
from .kv_entry import KvEntry
from .kv_incr_request import KvIncrRequest
from .kv_incr_response import KvIncrResponse
from .kv_list import KvList
from .kv_list_item import KvListItem
from .kv_put_request import KvPutRequest
from .list_files_tier import ListFilesTier
from .list_groups_sort import ListGroupsSort
from .list_kv_tier import ListKvTier
from .list_people_sort import ListPeopleSort
from .list_software_licenses_sort import ListSoftwareLicensesSort
from .list_technology_assets_sort import ListTechnologyAssetsSort
from .o_auth_error import OAuthError
from .o_auth_error_error import OAuthErrorError
from .person import Person
from .person_create import PersonCreate
from .person_list import PersonList
from .person_update import PersonUpdate
from .presign_file_tier import PresignFileTier
from .presign_request import PresignRequest
from .presign_request_method import PresignRequestMethod
from .presign_response import PresignResponse
from .problem import Problem
from .put_file_tier import PutFileTier
from .put_kv_tier import PutKvTier
from .put_presigned_file_x_cpod_method import PutPresignedFileXCpodMethod
from .readiness import Readiness
from .readiness_checks import ReadinessChecks
from .refresh_token_grant import RefreshTokenGrant
from .revocation_request import RevocationRequest
from .scope import Scope
from .secret import Secret
from .secret_list import SecretList
from .secret_metadata import SecretMetadata
from .secret_put_request import SecretPutRequest
from .server_metadata import ServerMetadata
from .server_metadata_grant_types_supported_item import (
    ServerMetadataGrantTypesSupportedItem,
)
from .software_license import SoftwareLicense
from .software_license_create import SoftwareLicenseCreate
from .software_license_list import SoftwareLicenseList
from .software_license_update import SoftwareLicenseUpdate
from .technology_asset import TechnologyAsset
from .technology_asset_asset_type import TechnologyAssetAssetType
from .technology_asset_create import TechnologyAssetCreate
from .technology_asset_create_asset_type import TechnologyAssetCreateAssetType
from .technology_asset_create_status import TechnologyAssetCreateStatus
from .technology_asset_list import TechnologyAssetList
from .technology_asset_status import TechnologyAssetStatus
from .technology_asset_update import TechnologyAssetUpdate
from .technology_asset_update_asset_type import TechnologyAssetUpdateAssetType
from .technology_asset_update_status import TechnologyAssetUpdateStatus
from .token_response import TokenResponse
from .token_type_hint import TokenTypeHint

__all__ = (
    "AnalyticsEvent",
    "AnalyticsFilter",
    "AnalyticsFilterOp",
    "AnalyticsQuery",
    "AnalyticsQueryAggregate",
    "AnalyticsQueryInterval",
    "AnalyticsResult",
    "AnalyticsRow",
    "AnalyticsRowGroup",
    "App",
    "AppCreateRequest",
    "AppList",
    "AppType",
    "AppWithSecret",
    "AuditActor",
    "AuditActorType",
    "AuditPage",
    "AuditRecord",
    "AuditRecordMetadataType0",
    "AuditRecordOutcome",
    "AuditResource",
    "AuditVerifyResult",
    "ClientAuthMethod",
    "ClientCredentialsGrant",
    "DeleteFileTier",
    "DeleteKvTier",
    "ErrorCode",
    "EventBatch",
    "EventProperties",
    "FieldError",
    "FileList",
    "FileObject",
    "GetFileTier",
    "GetKvTier",
    "GetOpenApiDocumentResponse200",
    "GetPresignedFileXCpodMethod",
    "Group",
    "GroupCreate",
    "GroupList",
    "GroupUpdate",
    "HeadFileTier",
    "Health",
    "IncrKvTier",
    "IngestResult",
    "IntrospectionRequest",
    "IntrospectionResponse",
    "IntrospectionResponseTokenType",
    "Jwk",
    "Jwks",
    "KvEntry",
    "KvIncrRequest",
    "KvIncrResponse",
    "KvList",
    "KvListItem",
    "KvPutRequest",
    "ListFilesTier",
    "ListGroupsSort",
    "ListKvTier",
    "ListPeopleSort",
    "ListSoftwareLicensesSort",
    "ListTechnologyAssetsSort",
    "OAuthError",
    "OAuthErrorError",
    "Person",
    "PersonCreate",
    "PersonList",
    "PersonUpdate",
    "PresignFileTier",
    "PresignRequest",
    "PresignRequestMethod",
    "PresignResponse",
    "Problem",
    "PutFileTier",
    "PutKvTier",
    "PutPresignedFileXCpodMethod",
    "Readiness",
    "ReadinessChecks",
    "RefreshTokenGrant",
    "RevocationRequest",
    "Scope",
    "Secret",
    "SecretList",
    "SecretMetadata",
    "SecretPutRequest",
    "ServerMetadata",
    "ServerMetadataGrantTypesSupportedItem",
    "SoftwareLicense",
    "SoftwareLicenseCreate",
    "SoftwareLicenseList",
    "SoftwareLicenseUpdate",
    "TechnologyAsset",
    "TechnologyAssetAssetType",
    "TechnologyAssetCreate",
    "TechnologyAssetCreateAssetType",
    "TechnologyAssetCreateStatus",
    "TechnologyAssetList",
    "TechnologyAssetStatus",
    "TechnologyAssetUpdate",
    "TechnologyAssetUpdateAssetType",
    "TechnologyAssetUpdateStatus",
    "TokenResponse",
    "TokenTypeHint",
)
