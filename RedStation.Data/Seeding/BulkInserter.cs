using System.Data.Common;

namespace RedStation.Data.Seeding;

/// <summary>
/// One prepared INSERT reused for every row: the seeder writes hundreds of thousands of rows,
/// and going through the change tracker would take minutes instead of seconds.
/// </summary>
internal sealed class BulkInserter : IDisposable
{
    private readonly DbCommand _command;
    private readonly DbParameter[] _parameters;

    public BulkInserter(DbConnection connection, DbTransaction transaction, string table, params string[] columns)
    {
        _command = connection.CreateCommand();
        _command.Transaction = transaction;
        _parameters = new DbParameter[columns.Length];
        for (var i = 0; i < columns.Length; i++)
        {
            _parameters[i] = _command.CreateParameter();
            _parameters[i].ParameterName = $"@p{i}";
            _command.Parameters.Add(_parameters[i]);
        }

        var names = string.Join(", ", columns.Select(c => $"\"{c}\""));
        var values = string.Join(", ", _parameters.Select(p => p.ParameterName));
        _command.CommandText = $"INSERT INTO \"{table}\" ({names}) VALUES ({values});";
    }

    public int Count { get; private set; }

    public void Insert(params object?[] values)
    {
        for (var i = 0; i < values.Length; i++)
        {
            _parameters[i].Value = values[i] ?? DBNull.Value;
        }

        // Prepared once the first row's values are set: PostgreSQL infers the parameter types from them.
        if (Count == 0)
        {
            _command.Prepare();
        }

        _command.ExecuteNonQuery();
        Count++;
    }

    public void Dispose() => _command.Dispose();
}
