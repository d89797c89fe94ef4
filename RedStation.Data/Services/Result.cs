namespace RedStation.Data.Services;

/// <summary>How a caller should read a rejection: the API maps these to 422, 404, 409, 403 and 503.</summary>
public enum ErrorKind
{
    Validation,
    NotFound,
    Conflict,

    /// <summary>The actor may not make this change at all (an API answers 403).</summary>
    Forbidden,

    /// <summary>
    /// The write was valid but the database cannot take it now (a full disk, a read-only database): nothing was written,
    /// and the same write may succeed once an operator has fixed the storage (an API answers 503).
    /// </summary>
    Unavailable,
}

/// <summary>Why a write was refused: a stable <paramref name="Code"/> and a message in the current UI culture.</summary>
public sealed record DomainError(string Code, ErrorKind Kind, string Message)
{
    /// <summary>The input field at fault, when one is (e.g. <c>Capacity</c>): where a form shows the message.</summary>
    public string? Field { get; init; }
}

/// <summary>The outcome of a domain write: its value, or the error that kept anything from being written.</summary>
public readonly record struct Result<T>
{
    private Result(T? value, DomainError? error) => (Value, Error) = (value, error);

    public T? Value { get; }
    public DomainError? Error { get; }
    public bool Succeeded => Error is null;

    public static Result<T> Ok(T value) => new(value, null);
    public static Result<T> Fail(DomainError error) => new(default, error);

    public static implicit operator Result<T>(DomainError error) => Fail(error);
}
