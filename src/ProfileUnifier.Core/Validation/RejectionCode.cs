namespace ProfileUnifier.Core.Validation;

/// <summary>Why a line was rejected. The snake_case name is stored in the lake's <c>rejected.reason_code</c>.</summary>
public enum RejectionCode : byte
{
    EmptyLine,
    LineTooLong,
    InvalidUtf8,
    InvalidJson,
    NotAnObject,
    DuplicateField,
    UnknownField,
    MissingField,
    WrongType,
    TooLong,
    InvalidValue,
    UnknownSource,
    UnknownType,
    NoUsableIdentifier,

    /// <summary>Not a line: Kafka messages the broker deleted (retention) before they were read, recorded as one row.</summary>
    RetentionGap,
}
