using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;

namespace RedStation.Data.Services;

/// <summary>
/// Inserts new rows of one entity type with a single prepared <c>INSERT</c> reused for every row, on the context's
/// connection and inside its current transaction — what <c>SaveChanges</c> does, without the change tracker and
/// without re-preparing a batch of statements for every thousand rows. Columns, their provider values and the SQL
/// come from the EF model and the provider's type mappings, so it writes exactly what <c>SaveChanges</c> would.
/// A store-generated key is read back (<c>RETURNING</c>) and set on the entity when <c>readKeys</c> asks for it.
/// </summary>
internal sealed class RowInserter : IDisposable
{
    private readonly DbCommand _command;
    private readonly (IProperty Property, DbParameter Parameter, Func<object, object?> Read)[] _columns;
    private readonly IProperty? _generatedKey;

    public RowInserter(RedStationDbContext db, IEntityType type, bool readKeys = true)
    {
        var transaction = db.Database.CurrentTransaction?.GetDbTransaction()
            ?? throw new InvalidOperationException("Rows are inserted only inside the writer's transaction.");
        var sql = db.GetService<ISqlGenerationHelper>();
        var table = StoreObjectIdentifier.Table(type.GetTableName()!, type.GetSchema());
        var generated = type.FindPrimaryKey()?.Properties is [{ ValueGenerated: ValueGenerated.OnAdd } key] ? key : null;
        _generatedKey = readKeys ? generated : null;
        _command = transaction.Connection!.CreateCommand();
        _command.Transaction = transaction;
        var columns = new List<(IProperty, DbParameter, Func<object, object?>)>();
        foreach (var property in type.GetProperties().Where(p => p != generated && p.GetColumnName(table) is not null))
        {
            var mapping = property.GetRelationalTypeMapping();
            var parameter = mapping.CreateParameter(_command, sql.GenerateParameterName($"p{columns.Count}"), null, property.IsNullable);
            _command.Parameters.Add(parameter);
            var getter = property.GetGetter();
            var converter = mapping.Converter;
            columns.Add((property, parameter, entity =>
            {
                var value = getter.GetClrValue(entity);
                return value is not null && converter is not null ? converter.ConvertToProvider(value) : value;
            }));
        }

        _columns = [.. columns];
        var names = string.Join(", ", _columns.Select(c => sql.DelimitIdentifier(c.Property.GetColumnName(table)!)));
        var values = string.Join(", ", Enumerable.Range(0, _columns.Length).Select(i => sql.GenerateParameterNamePlaceholder($"p{i}")));
        var returning = _generatedKey is null ? string.Empty : $" RETURNING {sql.DelimitIdentifier(_generatedKey.GetColumnName(table)!)}";
        _command.CommandText = $"INSERT INTO {sql.DelimitIdentifier(table.Name, table.Schema)} ({names}) VALUES ({values}){returning}";
        _command.Prepare();
    }

    public async Task InsertAsync(object entity, CancellationToken cancellationToken)
    {
        foreach (var (_, parameter, read) in _columns)
        {
            parameter.Value = read(entity) ?? DBNull.Value;
        }

        if (_generatedKey is null)
        {
            await _command.ExecuteNonQueryAsync(cancellationToken);
            return;
        }

        var key = await _command.ExecuteScalarAsync(cancellationToken);
        _generatedKey.PropertyInfo!.SetValue(entity, Convert.ChangeType(key, _generatedKey.ClrType, System.Globalization.CultureInfo.InvariantCulture));
    }

    public void Dispose() => _command.Dispose();
}
