using System.Globalization;
using System.Threading.Channels;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.Logging;
using RedStation.Data.Auditing;
using RedStation.Data.Entities;
using RedStation.Data.Live;
using RedStation.Data.Persistence;
using RedStation.Data.Security;
using RedStation.Data.Time;

namespace RedStation.Data.Services;

/// <summary>What a unit of domain work sees: the batch's context, and where it raises its live events.</summary>
public sealed class WriteScope(RedStationDbContext db)
{
    private readonly List<Func<LiveEvent>> _events = [];

    public RedStationDbContext Db => db;

    /// <summary>Set by the writer for the duration of the write: inserts rows of one entity type and audits them.</summary>
    internal Func<IEntityType, IReadOnlyCollection<object>, CancellationToken, Task>? Insert { get; set; }

    /// <summary>
    /// Inserts new rows — and nothing reachable from them — with one prepared statement, bypassing the change tracker,
    /// and audits each like a tracked addition, inside the write's savepoint. For writes of thousands of new rows (an
    /// import), where <c>SaveChanges</c> costs about a millisecond a row. Generated keys are set on the entities.
    /// </summary>
    public Task InsertAsync<TEntity>(IReadOnlyCollection<TEntity> rows, CancellationToken cancellationToken)
        where TEntity : class =>
        InsertRowsAsync(db.Model.FindEntityType(typeof(TEntity)), rows, cancellationToken);

    /// <summary>Inserts rows of a shared-type entity (a many-to-many join table such as <c>VolunteerTeams</c>), each a property bag.</summary>
    public Task InsertAsync(string sharedTypeName, IReadOnlyCollection<Dictionary<string, object>> rows, CancellationToken cancellationToken) =>
        InsertRowsAsync(db.Model.FindEntityType(sharedTypeName), rows, cancellationToken);

    /// <summary>Set by the writer for the duration of the write: saves what the work tracked so far, audited.</summary>
    internal Func<CancellationToken, Task>? Save { get; set; }

    /// <summary>
    /// Saves what the work has tracked so far, audited, inside the write's savepoint, so that the rows it adds next may
    /// refer to their generated keys (an import of several sheets in one write). The write still commits or rolls back whole.
    /// </summary>
    public Task SaveAsync(CancellationToken cancellationToken) =>
        Save is { } save ? save(cancellationToken) : throw new InvalidOperationException("A write scope saves only while its write runs.");

    private Task InsertRowsAsync(IEntityType? type, IReadOnlyCollection<object> rows, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(type);
        return Insert is { } insert ? insert(type, rows, cancellationToken) : throw new InvalidOperationException("A write scope inserts only while its write runs.");
    }

    internal IEnumerable<LiveEvent> Events => _events.Select(build => build());

    /// <summary>
    /// Queues an event, built only if this write commits — after the save, so that it can carry
    /// the ids the database assigned.
    /// </summary>
    public void Raise(Func<LiveEvent> build) => _events.Add(build);

    internal void Discard() => _events.Clear();
}

/// <summary>
/// The single write path. Every domain write is queued here and run by one writer loop:
/// <list type="bullet">
/// <item>Writes are serial, so each one validates against the latest state and none can interleave.</item>
/// <item>Writes queued together share one transaction and one fsync (group commit), each inside its own
/// savepoint: a rejected or failing write is rolled back alone and leaves nothing behind.</item>
/// <item>Live events are numbered and published after the commit, in commit order.</item>
/// </list>
/// </summary>
public sealed class DomainWriter : IAsyncDisposable
{
    /// <summary>Bounds how long one batch keeps the writes at its end waiting for their acknowledgement.</summary>
    public const int MaxBatch = 64;

    private const string Savepoint = "write";

    private readonly IDbContextFactory<RedStationDbContext> _contextFactory;
    private readonly ILiveEventSink _sink;
    private readonly ILogger<DomainWriter> _logger;
    private readonly DatabaseDialect _dialect;
    private readonly LiveServer _server;
    private readonly Channel<PendingWork> _queue = Channel.CreateUnbounded<PendingWork>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Task _loop;
    private long _sequence;

    public DomainWriter(
        IDbContextFactory<RedStationDbContext> contextFactory,
        CityClock clock,
        DomainErrors errors,
        ILiveEventSink sink,
        DatabaseDialect dialect,
        ILogger<DomainWriter> logger,
        LiveServer? server = null)
    {
        _dialect = dialect;
        _contextFactory = contextFactory;
        _sink = sink;
        _logger = logger;
        _server = server ?? new LiveServer();
        Clock = clock;
        Errors = errors;
        _loop = Task.Run(RunAsync);
    }

    public CityClock Clock { get; }

    public DomainErrors Errors { get; }

    /// <summary>The sequence number of the last event committed (published right after the commit).</summary>
    public long LastSequence => Interlocked.Read(ref _sequence);

    /// <param name="work">Validates and stages the change; returns the error that should abort it.</param>
    /// <param name="onUniqueViolation">The error to answer when a unique index refuses the change.</param>
    public Task<Result<T>> WriteAsync<T>(
        Func<WriteScope, CancellationToken, Task<Result<T>>> work,
        CancellationToken cancellationToken,
        Func<DomainError>? onUniqueViolation = null)
    {
        var write = new PendingWrite<T>(work, onUniqueViolation, Errors, _dialect, cancellationToken);
        Enqueue(write);
        return write.Task;
    }

    /// <summary>
    /// A write only an administrator may make: issuing, revoking or changing a credential (integration keys, display
    /// tokens, people's passwords and roles). The check is here, in the domain, so that no page, endpoint or hub method
    /// — present or future — can reach these writes for anyone else. The application itself (seeding, start-up) may.
    /// </summary>
    public Task<Result<T>> WriteAsAdministratorAsync<T>(
        Func<WriteScope, CancellationToken, Task<Result<T>>> work,
        CancellationToken cancellationToken,
        Func<DomainError>? onUniqueViolation = null) =>
        ActorContext.Current is { Kind: ActorKind.System } or { Kind: ActorKind.Person, IsAdministrator: true }
            ? WriteAsync(work, cancellationToken, onUniqueViolation)
            : Task.FromResult<Result<T>>(Errors.Forbidden(ErrorCodes.AdministratorRequired));

    /// <summary>
    /// Runs <paramref name="read"/> between two batches, with no write in flight: what it reads is
    /// exactly the state after the event numbered <see cref="LastSequence"/>.
    /// </summary>
    public Task<T> ReadExclusiveAsync<T>(Func<RedStationDbContext, long, CancellationToken, Task<T>> read, CancellationToken cancellationToken = default)
    {
        var exclusive = new ExclusiveRead<T>(read, cancellationToken);
        Enqueue(exclusive);
        return exclusive.Task;
    }

    /// <summary>Loads a station (with its community) for a write, refusing an unknown one, and one not open when it must be.</summary>
    public async Task<Result<Station>> FindStationAsync(RedStationDbContext db, int stationId, bool mustBeOpen, CancellationToken cancellationToken)
    {
        var station = await db.Stations.Include(s => s.Community).FirstOrDefaultAsync(s => s.Id == stationId, cancellationToken);
        if (station is null)
        {
            return Errors.NotFound(ErrorCodes.StationNotFound, stationId) with { Field = "StationId" };
        }

        if (mustBeOpen && station.Status != StationStatus.Open)
        {
            return Errors.Conflict(ErrorCodes.StationNotOpen, station.Name, Errors.Text($"StationStatus.{station.Status}")) with { Field = "StationId" };
        }

        return Result<Station>.Ok(station);
    }

    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await _loop;
    }

    private void Enqueue(PendingWork work)
    {
        if (!_queue.Writer.TryWrite(work))
        {
            throw new ObjectDisposedException(nameof(DomainWriter));
        }
    }

    private async Task RunAsync()
    {
        var batch = new List<PendingWork>(MaxBatch);
        while (await _queue.Reader.WaitToReadAsync())
        {
            batch.Clear();
            while (batch.Count < MaxBatch && _queue.Reader.TryRead(out var next))
            {
                if (next is ExclusiveRead && batch.Count > 0)
                {
                    // An exclusive read runs alone, after what was queued before it.
                    await RunBatchAsync(batch);
                    batch.Clear();
                }

                batch.Add(next);
                if (next is ExclusiveRead)
                {
                    break;
                }
            }

            await RunBatchAsync(batch);
        }
    }

    private async Task RunBatchAsync(List<PendingWork> batch)
    {
        try
        {
            await using var db = await _contextFactory.CreateDbContextAsync();
            db.Database.AutoSavepointsEnabled = false;

            if (batch is [ExclusiveRead read])
            {
                await read.RunAsync(db, LastSequence);
                return;
            }

            await using var transaction = await db.Database.BeginTransactionAsync();
            var staged = new List<(PendingWork Work, WriteScope Scope)>(batch.Count);
            var audit = new List<AuditEntry>(batch.Count);
            foreach (var work in batch.Cast<PendingWrite>())
            {
                var scope = new WriteScope(db);
                if (await RunOneAsync(work, scope, transaction, audit))
                {
                    staged.Add((work, scope));
                }
            }

            // The batch's audit entries are inserted together, in the same transaction as the changes they
            // describe: they commit with them, or the whole batch fails and nothing is written. One prepared
            // statement for all of them: an import's tens of thousands would take seconds through SaveChanges.
            if (audit.Count > 0)
            {
                using var inserter = new RowInserter(db, db.Model.FindEntityType(typeof(AuditEntry))!, readKeys: false);
                foreach (var entry in audit)
                {
                    await inserter.InsertAsync(entry, CancellationToken.None);
                }
            }

            // Events are numbered before the commit so that, with several servers, the batch can record the
            // last number in its own transaction; a failed commit gives the numbers back.
            var sequenceBefore = LastSequence;
            var events = Number(staged);
            try
            {
                if (_server.Distributed && events.Count > 0)
                {
                    await RecordMarkAsync(db, events[^1].Sequence);
                }

                await transaction.CommitAsync();
            }
            catch
            {
                Interlocked.Exchange(ref _sequence, sequenceBefore);
                throw;
            }

            Publish(events);
            foreach (var work in batch)
            {
                work.Complete();
            }
        }
        catch (Exception ex)
        {
            // The commit (or the database itself) failed: nothing of this batch was written.
            _logger.LogError(ex, "A batch of {Count} writes failed and was rolled back.", batch.Count);
            foreach (var work in batch)
            {
                work.Fault(ex);
            }
        }
    }

    private async Task<bool> RunOneAsync(PendingWrite work, WriteScope scope, IDbContextTransaction transaction, List<AuditEntry> audit)
    {
        await transaction.CreateSavepointAsync(Savepoint);
        var entries = new List<AuditEntry>();
        async Task SaveAuditedAsync(CancellationToken cancellationToken)
        {
            // What the write changed is read before the save (original values) and completed after it (generated keys).
            var recorder = AuditRecorder.Capture(scope.Db.ChangeTracker);
            await scope.Db.SaveChangesAsync(cancellationToken);
            recorder.Complete(entries, work.Actor, Clock.UtcNow);
        }

        scope.Save = SaveAuditedAsync;
        scope.Insert = async (type, rows, cancellationToken) =>
        {
            // What the work tracked so far is saved first, so that rows it inserts may refer to it.
            await SaveAuditedAsync(cancellationToken);
            using var inserter = new RowInserter(scope.Db, type);
            var at = Clock.UtcNow;
            foreach (var row in rows)
            {
                await inserter.InsertAsync(row, cancellationToken);
                if (AuditRecorder.Added(type, row, work.Actor, at) is { } entry)
                {
                    entries.Add(entry);
                }
            }
        };
        // A request's first write under an idempotency key reserves the key before its work runs: a duplicate (already
        // committed, or blocking on another server's uncommitted reservation) is refused before it could validate against
        // the state the first one made and answer something else.
        var claim = work.Idempotency is { State: IdempotencyClaimState.Open } open ? open : null;
        try
        {
            var reservation = claim is null ? null : await ReserveAsync(scope.Db, claim, work.CancellationToken);
            if (claim is not null && reservation is null)
            {
                claim.State = IdempotencyClaimState.Taken;
                work.Refuse(Errors.Conflict(ErrorCodes.ConcurrentChange));
            }
            else if (await work.RunAsync(scope))
            {
                await SaveAuditedAsync(work.CancellationToken);
                if (reservation is not null && claim!.Answer is { } answer)
                {
                    await RecordAnswerAsync(scope.Db, reservation, await answer(work.Value), work.CancellationToken);
                    claim.AnswerRecorded = true;
                }

                await transaction.ReleaseSavepointAsync(Savepoint);
                // Only a write that stands gets its entries into the batch.
                audit.AddRange(entries);
                claim?.State = IdempotencyClaimState.Reserved;
                return true;
            }
        }
        catch (Exception ex) when (work.TryReject(ex))
        {
        }
        finally
        {
            scope.Insert = null;
            scope.Save = null;
            scope.Db.ChangeTracker.Clear();
        }

        await transaction.RollbackToSavepointAsync(Savepoint);
        await transaction.ReleaseSavepointAsync(Savepoint);
        scope.Discard();
        return false;
    }

    /// <summary>
    /// Inserts the claim's reservation (dropping expired ones first), in the write's savepoint; null when the key is
    /// taken. Not audited: it records how a change was asked for, not a change to the network.
    /// </summary>
    private async Task<IdempotencyRecord?> ReserveAsync(RedStationDbContext db, IdempotencyClaim claim, CancellationToken cancellationToken)
    {
        var now = Clock.UtcNow;
        var expired = now - IdempotencyStore.Retention;
        await db.IdempotencyRecords.Where(r => r.CreatedAt < expired).ExecuteDeleteAsync(cancellationToken);
        var reservation = new IdempotencyRecord
        {
            Principal = claim.Principal,
            ClientKey = claim.ClientKey,
            Endpoint = claim.Endpoint,
            RequestHash = claim.RequestHash,
            CreatedAt = now,
        };
        db.IdempotencyRecords.Add(reservation);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return reservation;
        }
        catch (DbUpdateException ex) when (_dialect.IsUniqueViolation(ex))
        {
            return null;
        }
    }

    private static Task RecordAnswerAsync(RedStationDbContext db, IdempotencyRecord reservation, IdempotentAnswer answer, CancellationToken cancellationToken)
    {
        (reservation.StatusCode, reservation.ContentType, reservation.Body) = (answer.StatusCode, answer.ContentType, answer.Body);
        return db.SaveChangesAsync(cancellationToken);
    }

    private List<LiveEvent> Number(List<(PendingWork Work, WriteScope Scope)> staged)
    {
        var events = new List<LiveEvent>();
        foreach (var (_, scope) in staged)
        {
            foreach (var liveEvent in scope.Events)
            {
                events.Add(liveEvent with { Sequence = Interlocked.Increment(ref _sequence) });
            }
        }

        return events;
    }

    /// <summary>Upserts this server's mark; the statement reads the same on SQLite and PostgreSQL.</summary>
    private Task RecordMarkAsync(RedStationDbContext db, long sequence) =>
        db.Database.ExecuteSqlAsync($@"INSERT INTO ""LiveOriginMarks"" (""OriginId"", ""Sequence"", ""UpdatedAt"") VALUES ({_server.Id}, {sequence}, {Clock.UtcNow})
            ON CONFLICT (""OriginId"") DO UPDATE SET ""Sequence"" = excluded.""Sequence"", ""UpdatedAt"" = excluded.""UpdatedAt""");

    private void Publish(List<LiveEvent> events)
    {
        if (events.Count == 0)
        {
            return;
        }

        try
        {
            _sink.Publish(events);
        }
        catch (Exception ex)
        {
            // The writes are committed; a failing screen must not turn them into errors.
            _logger.LogError(ex, "Publishing {Count} live events failed.", events.Count);
        }
    }

    private abstract class PendingWork
    {
        public abstract void Complete();

        public abstract void Fault(Exception ex);
    }

    private abstract class PendingWrite : PendingWork
    {
        public abstract CancellationToken CancellationToken { get; }

        /// <summary>Who queued the write, for the audit trail.</summary>
        public Actor Actor { get; } = ActorContext.Current;

        /// <summary>The request's claim on an idempotency key, if it made one.</summary>
        public IdempotencyClaim? Idempotency { get; } = IdempotencyClaim.Current;

        /// <summary>The value of a write that succeeded.</summary>
        public abstract object? Value { get; }

        /// <summary>Runs the work; true when it staged a change to commit.</summary>
        public abstract Task<bool> RunAsync(WriteScope scope);

        /// <summary>Records an exception thrown by the work as this write's answer.</summary>
        public abstract bool TryReject(Exception ex);

        /// <summary>Refuses the write without running its work.</summary>
        public abstract void Refuse(DomainError error);
    }

    private sealed class PendingWrite<T>(
        Func<WriteScope, CancellationToken, Task<Result<T>>> work,
        Func<DomainError>? onUniqueViolation,
        DomainErrors errors,
        DatabaseDialect dialect,
        CancellationToken cancellationToken) : PendingWrite
    {
        private readonly TaskCompletionSource<Result<T>> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);

        // The writer loop runs on its own thread: messages must speak the caller's language.
        private readonly CultureInfo _uiCulture = CultureInfo.CurrentUICulture;
        private readonly CultureInfo _culture = CultureInfo.CurrentCulture;
        private Result<T> _result;
        private Exception? _exception;

        public Task<Result<T>> Task => _completion.Task;

        public override CancellationToken CancellationToken => cancellationToken;

        public override object? Value => _result.Value;

        public override void Refuse(DomainError error) => _result = Result<T>.Fail(error);

        public override async Task<bool> RunAsync(WriteScope scope)
        {
            cancellationToken.ThrowIfCancellationRequested();
            using var _ = new CultureScope(_uiCulture, _culture);
            _result = await work(scope, cancellationToken);
            return _result.Succeeded;
        }

        public override bool TryReject(Exception ex)
        {
            using var _ = new CultureScope(_uiCulture, _culture);
            DomainError? error = ex switch
            {
                DbUpdateConcurrencyException => errors.Conflict(ErrorCodes.ConcurrentChange),
                _ when onUniqueViolation is not null && dialect.IsUniqueViolation(ex) => onUniqueViolation(),
                _ when StorageFailures.Classify(ex) is { } failure => errors.Unavailable(failure),
                _ => null,
            };
            if (error is null)
            {
                _exception = ex;
            }
            else
            {
                _result = Result<T>.Fail(error);
            }

            return true;
        }

        public override void Complete()
        {
            if (_exception is not null)
            {
                _completion.TrySetException(_exception);
            }
            else
            {
                _completion.TrySetResult(_result);
            }
        }

        // A batch that failed on its storage (the commit found the disk full, the database read-only) refuses each of its
        // writes with a message the caller can show; anything else stays the exception it was.
        public override void Fault(Exception ex)
        {
            if (StorageFailures.Classify(ex) is { } failure)
            {
                using var _ = new CultureScope(_uiCulture, _culture);
                _completion.TrySetResult(Result<T>.Fail(errors.Unavailable(failure)));
                return;
            }

            if (_result.Error is { Kind: ErrorKind.Unavailable })
            {
                // This write met the storage failure first (SQLite may then have rolled the whole transaction back).
                _completion.TrySetResult(_result);
                return;
            }

            _completion.TrySetException(ex);
        }
    }

    private readonly struct CultureScope : IDisposable
    {
        private readonly CultureInfo _uiCulture;
        private readonly CultureInfo _culture;

        public CultureScope(CultureInfo uiCulture, CultureInfo culture)
        {
            (_uiCulture, _culture) = (CultureInfo.CurrentUICulture, CultureInfo.CurrentCulture);
            (CultureInfo.CurrentUICulture, CultureInfo.CurrentCulture) = (uiCulture, culture);
        }

        public void Dispose() => (CultureInfo.CurrentUICulture, CultureInfo.CurrentCulture) = (_uiCulture, _culture);
    }

    private abstract class ExclusiveRead : PendingWork
    {
        public abstract Task RunAsync(RedStationDbContext db, long sequence);

        public override void Complete()
        {
        }
    }

    private sealed class ExclusiveRead<T>(Func<RedStationDbContext, long, CancellationToken, Task<T>> read, CancellationToken cancellationToken) : ExclusiveRead
    {
        private readonly TaskCompletionSource<T> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task<T> Task => _completion.Task;

        public override async Task RunAsync(RedStationDbContext db, long sequence)
        {
            try
            {
                _completion.TrySetResult(await read(db, sequence, cancellationToken));
            }
            catch (Exception ex)
            {
                _completion.TrySetException(ex);
            }
        }

        public override void Fault(Exception ex) => _completion.TrySetException(ex);
    }
}
