using RedStation.Data.Services;

namespace RedStation.Dashboard.Components.Forms;

/// <summary>A form's refused write: its message shown under the field at fault (see <see cref="DomainError.Field"/>).</summary>
public sealed class FieldErrors
{
    private DomainError? _error;

    public void Set(DomainError? error) => _error = error;

    public void Clear() => _error = null;

    /// <summary>Whether <paramref name="field"/> (or any of <paramref name="aliases"/>) is the one at fault.</summary>
    public bool Has(string field, params string[] aliases) =>
        _error?.Field is { } at && (at == field || aliases.Contains(at));

    public string? Text(string field, params string[] aliases) => Has(field, aliases) ? _error!.Message : null;

    /// <summary>A refusal that belongs to no field of the form: shown above the buttons.</summary>
    public string? General(params string[] fields) => _error is { } e && (e.Field is null || !fields.Contains(e.Field)) ? e.Message : null;
}
