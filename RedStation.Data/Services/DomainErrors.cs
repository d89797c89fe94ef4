using Microsoft.Extensions.Localization;
using RedStation.Data.Localization;
using RedStation.Data.Persistence;

namespace RedStation.Data.Services;

/// <summary>Builds the domain's errors with messages localized to the caller's UI culture.</summary>
public sealed class DomainErrors(IStringLocalizer<DomainMessages> localizer)
{
    public DomainError NotFound(string code, params object[] args) => Make(code, ErrorKind.NotFound, args);

    public DomainError Invalid(string code, params object[] args) => Make(code, ErrorKind.Validation, args);

    public DomainError Conflict(string code, params object[] args) => Make(code, ErrorKind.Conflict, args);

    public DomainError Forbidden(string code, params object[] args) => Make(code, ErrorKind.Forbidden, args);

    /// <summary>The refusal of a write the storage could not take (<see cref="ErrorKind.Unavailable"/>).</summary>
    public DomainError Unavailable(StorageFailure failure) =>
        Make(failure == StorageFailure.Full ? ErrorCodes.StorageFull : ErrorCodes.StorageReadOnly, ErrorKind.Unavailable, []);

    public string Field(string field) => Text($"Field.{field}");

    public string Text(string key) => localizer[key];

    private DomainError Make(string code, ErrorKind kind, object[] args) =>
        new(code, kind, localizer[code, args]);

    /// <summary>
    /// Checks a text field against the <see cref="TextPolicy"/>: required or optional, free of invisible and
    /// layout-changing characters (a line break only where <paramref name="multiline"/>), and at most
    /// <paramref name="max"/> characters once normalised.
    /// </summary>
    public DomainError? CheckText(string? value, string field, int max, bool required = true, bool multiline = false)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return required ? Invalid(ErrorCodes.TextRequired, Field(field)) with { Field = field } : null;
        }

        if (TextPolicy.FirstRefused(value, multiline) is { } refused)
        {
            return Invalid(ErrorCodes.TextCharacterRefused, Field(field), TextPolicy.Name(refused.CodePoint), refused.Position) with { Field = field };
        }

        return TextPolicy.Clean(value).Length > max ? Invalid(ErrorCodes.TextTooLong, Field(field), max) with { Field = field } : null;
    }
}

/// <summary>The stable codes of every rejection; clients may switch on them.</summary>
public static class ErrorCodes
{
    public const string StationNotFound = "StationNotFound";
    public const string StationNotOpen = "StationNotOpen";
    public const string StationClosedNow = "StationClosedNow";
    public const string VolunteerNotFound = "VolunteerNotFound";
    public const string VolunteerAlreadyOnDuty = "VolunteerAlreadyOnDuty";
    public const string VolunteerNotOnDutyHere = "VolunteerNotOnDutyHere";
    public const string DutySessionNotFound = "DutySessionNotFound";
    public const string UndoExpired = "UndoExpired";
    public const string UndoSupersededByCheckIn = "UndoSupersededByCheckIn";
    public const string OccupancyBelowZero = "OccupancyBelowZero";
    public const string OccupancyAboveLimit = "OccupancyAboveLimit";
    public const string OccupancyNoChange = "OccupancyNoChange";
    public const string ActivityTypeNotFound = "ActivityTypeNotFound";
    public const string ActivityNotFound = "ActivityNotFound";
    public const string ActivityEndsBeforeStart = "ActivityEndsBeforeStart";
    public const string ActivityTooLong = "ActivityTooLong";
    public const string ActivityDateOutOfRange = "ActivityDateOutOfRange";
    public const string ActivityAlreadyEnded = "ActivityAlreadyEnded";
    public const string AttendanceOutOfRange = "AttendanceOutOfRange";
    public const string WishNotFound = "WishNotFound";
    public const string WishTransitionInvalid = "WishTransitionInvalid";
    public const string CaseNotFound = "CaseNotFound";
    public const string CaseTransitionInvalid = "CaseTransitionInvalid";
    public const string PartyCountOutOfRange = "PartyCountOutOfRange";
    public const string UnknownCategory = "UnknownCategory";
    public const string TextRequired = "TextRequired";
    public const string TextTooLong = "TextTooLong";
    public const string AdministratorRequired = "AdministratorRequired";
    public const string TextCharacterRefused = "TextCharacterRefused";
    public const string ConcurrentChange = "ConcurrentChange";
    public const string StorageFull = "StorageFull";
    public const string StorageReadOnly = "StorageReadOnly";
    public const string KeyScopesInvalid = "KeyScopesInvalid";
    public const string KeyNameTaken = "KeyNameTaken";
    public const string KeyNotFound = "KeyNotFound";
    public const string KeyAlreadyRevoked = "KeyAlreadyRevoked";
    public const string DisplayScopeInvalid = "DisplayScopeInvalid";
    public const string DistrictNotFound = "DistrictNotFound";
    public const string DisplayTokenNotFound = "DisplayTokenNotFound";
    public const string DisplayTokenAlreadyRevoked = "DisplayTokenAlreadyRevoked";
    public const string DisplayPlaylistEmpty = "DisplayPlaylistEmpty";
    public const string DisplayPlaylistTooLong = "DisplayPlaylistTooLong";
    public const string DisplayPanelUnknown = "DisplayPanelUnknown";
    public const string DisplayDwellOutOfRange = "DisplayDwellOutOfRange";
    public const string SelfCheckInIdentityRejected = "SelfCheckInIdentityRejected";
    public const string UserNameInvalid = "UserNameInvalid";
    public const string UserNameTaken = "UserNameTaken";
    public const string PersonNotFound = "PersonNotFound";
    public const string PersonAlreadyLocked = "PersonAlreadyLocked";
    public const string PersonNotLocked = "PersonNotLocked";
    public const string SignInLockoutNotFound = "SignInLockoutNotFound";
    public const string SignInLockoutNotActive = "SignInLockoutNotActive";
    public const string RoleRequired = "RoleRequired";
    public const string RoleUnknown = "RoleUnknown";
    public const string RoleNotAssignable = "RoleNotAssignable";
    public const string DutyStaffNeedsStation = "DutyStaffNeedsStation";
    public const string PasswordTooShort = "PasswordTooShort";
    public const string PasswordTooFewUniqueChars = "PasswordTooFewUniqueChars";
    public const string PasswordTooSimple = "PasswordTooSimple";
    public const string LastAdministrator = "LastAdministrator";
    public const string AlertNotFound = "AlertNotFound";
    public const string AlertAlreadyAcknowledged = "AlertAlreadyAcknowledged";
    public const string AlertRuleUnknown = "AlertRuleUnknown";
    public const string AlertThresholdOutOfRange = "AlertThresholdOutOfRange";
    public const string AlertHoldOutOfRange = "AlertHoldOutOfRange";
    public const string AlertGroupNotFound = "AlertGroupNotFound";
    public const string AlertSnoozeOutOfRange = "AlertSnoozeOutOfRange";
    public const string AlertSilenceNotFound = "AlertSilenceNotFound";
    public const string ContactPointNotFound = "ContactPointNotFound";
    public const string ContactPointKindUnknown = "ContactPointKindUnknown";
    public const string ContactPointUrlInvalid = "ContactPointUrlInvalid";
    public const string ContactPointReminderOutOfRange = "ContactPointReminderOutOfRange";
    public const string ContactPointMessageClaimed = "ContactPointMessageClaimed";
    public const string StationCodeInvalid = "StationCodeInvalid";
    public const string StationCodeTaken = "StationCodeTaken";
    public const string CommunityNotFound = "CommunityNotFound";
    public const string CapacityOutOfRange = "CapacityOutOfRange";
    public const string FloorAreaOutOfRange = "FloorAreaOutOfRange";
    public const string ClosingBeforeOpening = "ClosingBeforeOpening";
    public const string LocationOutsideCity = "LocationOutsideCity";
    public const string StationKindUnknown = "StationKindUnknown";
    public const string StationHasVolunteersOnDuty = "StationHasVolunteersOnDuty";
    public const string StationHasPeopleInside = "StationHasPeopleInside";
    public const string PhoneInvalid = "PhoneInvalid";
    public const string PhoneTaken = "PhoneTaken";
    public const string MemberNumberInvalid = "MemberNumberInvalid";
    public const string MemberNumberTaken = "MemberNumberTaken";
    public const string TeamNotFound = "TeamNotFound";
    public const string TeamNameTaken = "TeamNameTaken";
    public const string ActivityTypeCodeInvalid = "ActivityTypeCodeInvalid";
    public const string ActivityTypeCodeTaken = "ActivityTypeCodeTaken";
    public const string ActivityTypeInactive = "ActivityTypeInactive";
    public const string ImportFileEmpty = "ImportFileEmpty";
    public const string ImportFileTooLarge = "ImportFileTooLarge";
    public const string ImportFormatUnsupported = "ImportFormatUnsupported";
    public const string ImportFileUnreadable = "ImportFileUnreadable";
    public const string ImportHeaderMissing = "ImportHeaderMissing";
    public const string ImportTooManyRows = "ImportTooManyRows";
    public const string ImportTooManyColumns = "ImportTooManyColumns";
    public const string ImportCellTooLong = "ImportCellTooLong";
    public const string ImportTextTooLong = "ImportTextTooLong";
    public const string ImportFileUnpacksTooLarge = "ImportFileUnpacksTooLarge";
    public const string ImportWorkbookProtected = "ImportWorkbookProtected";
    public const string ImportHasErrors = "ImportHasErrors";
    public const string ImportNothingToImport = "ImportNothingToImport";
    public const string ImportRowRejected = "ImportRowRejected";
    public const string DuplicateInFile = "DuplicateInFile";
    public const string CommunityUnknown = "CommunityUnknown";
    public const string CommunityAmbiguous = "CommunityAmbiguous";
    public const string TeamUnknown = "TeamUnknown";
    public const string BaselineFigureOutOfRange = "BaselineFigureOutOfRange";
    public const string BaselineDateOutOfRange = "BaselineDateOutOfRange";
    public const string BaselineStartAfterAsOf = "BaselineStartAfterAsOf";
    public const string BaselineMissing = "BaselineMissing";
    public const string StationBaselineNotFound = "StationBaselineNotFound";
    public const string ImportCellProblem = "ImportCellProblem";
    public const string ImportNumberInvalid = "ImportNumberInvalid";
    public const string ImportTimeInvalid = "ImportTimeInvalid";
    public const string ImportValueUnknown = "ImportValueUnknown";
    public const string ImportCodeInvalid = "ImportCodeInvalid";
    public const string UnitNotFound = "UnitNotFound";
    public const string UnitCodeInvalid = "UnitCodeInvalid";
    public const string UnitCodeTaken = "UnitCodeTaken";
    public const string UnitKindUnknown = "UnitKindUnknown";
    public const string UnitUnknown = "UnitUnknown";
    public const string StationCodeUnknown = "StationCodeUnknown";
    public const string ImportWorkbookNoSheets = "ImportWorkbookNoSheets";
    public const string ImportWorksheetRefused = "ImportWorksheetRefused";
    public const string ImportWorkbookWithoutSheet = "ImportWorkbookWithoutSheet";
}
