using ComplaintBot.Bot.Stores;
using ComplaintBot.Dialogs.State;
using ComplaintBot.Tests.Runtime;
using ComplaintBot.Tests.Support;

namespace ComplaintBot.Tests.Stores;

/// <summary>The shared <see cref="IStorage"/> contract on PostgreSQL; each call is a fresh connection pool, like another instance.</summary>
[RequiresPostgres]
public sealed class PostgresStorageContractTests : StorageContractTests, IAsyncLifetime
{
    private readonly PostgresTestSchema _schema = new();
    protected override IStorage CreateStorage() => new PostgresStorage(_schema.NewInstance());
    public Task InitializeAsync() => Task.CompletedTask;
    public Task DisposeAsync() => _schema.DisposeAsync().AsTask();
}

/// <summary>The shared <see cref="ITranscriptStore"/> contract on PostgreSQL.</summary>
[RequiresPostgres]
public sealed class PostgresTranscriptStoreContractTests : TranscriptStoreContractTests, IAsyncLifetime
{
    private readonly PostgresTestSchema _schema = new();
    protected override ITranscriptStore CreateStore() => new PostgresTranscriptStore(_schema.NewInstance());
    public Task InitializeAsync() => Task.CompletedTask;
    public Task DisposeAsync() => _schema.DisposeAsync().AsTask();
}

/// <summary>The shared <see cref="Dialogs.Cases.ICaseStore"/> contract on PostgreSQL.</summary>
[RequiresPostgres]
public sealed class PostgresCaseStoreContractTests : Complaints.CaseStoreContractTests, IAsyncLifetime
{
    private readonly PostgresTestSchema _schema = new();
    protected override Dialogs.Cases.ICaseStore CreateStore(TimeProvider clock) => new PostgresCaseStore(_schema.NewInstance(), clock);
    public Task InitializeAsync() => Task.CompletedTask;
    public Task DisposeAsync() => _schema.DisposeAsync().AsTask();
}
