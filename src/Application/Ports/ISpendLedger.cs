namespace LlmGateway.Application.Ports;

/// <summary>
/// Token-per-minute windows, key budgets and the daily spend record. A request reserves its prompt's tokens plus its
/// token cap, and their price, before the call — against every limit at once, all or nothing, exact across instances —
/// and settles to what the provider reported afterwards (or releases the reservation when no answer came). Reserving
/// fails open (an unreachable store admits, marked <see cref="SpendAdmission.FailedOpen"/>); settling and releasing
/// never wait and never throw.
/// </summary>
public interface ISpendLedger
{
    ValueTask<SpendAdmission> ReserveAsync(SpendReservation reservation, CancellationToken cancellationToken);

    /// <summary>Replaces an admitted reservation by what the request used, and adds the use to the day's spend record.</summary>
    void Settle(SpendReservation reservation, SpendAdmission admission, SpendUse use);

    /// <summary>Gives an admitted reservation back: the request got no answer from a provider.</summary>
    void Release(SpendReservation reservation, SpendAdmission admission);

    /// <summary>Spend per group over the UTC days <paramref name="firstDay"/> to <paramref name="lastDay"/> (inclusive), optionally of one team only.</summary>
    ValueTask<IReadOnlyList<UsageRow>> ReadUsageAsync(UsageGrouping groupBy, DateOnly firstDay, DateOnly lastDay, string? team, CancellationToken cancellationToken);
}

/// <summary>What one request asks to hold. A limit of 0 does not apply; a null <paramref name="Budget"/> neither.</summary>
/// <param name="Tokens">The prompt's tokens plus the request's token cap.</param>
/// <param name="CostNanos">What <paramref name="Tokens"/> would cost at most, in nano-dollars.</param>
public sealed record SpendReservation(
    string? KeyId,
    string UserId,
    string TeamId,
    string Model,
    int Tokens,
    long CostNanos,
    int KeyTokensPerMinute,
    int UserTokensPerMinute,
    int TeamTokensPerMinute,
    KeyBudget? Budget)
{
    /// <summary>Of <see cref="Tokens"/>, the prompt's (0 when nothing is checked: then the prompt is not counted before the call).</summary>
    public int PromptTokens { get; init; }

    /// <summary>The table's price for <see cref="Model"/>: the settlement's, unless the deployment that answered has its own (the reservation's cost is at the highest, <see cref="IPriceTable.HighestPriceFor"/>).</summary>
    public ModelPrice Price { get; init; }

    /// <summary>Whether the request needs the store before the call: a token limit or a budget applies.</summary>
    public bool IsChecked => KeyTokensPerMinute > 0 || UserTokensPerMinute > 0 || TeamTokensPerMinute > 0 || (Budget is not null && KeyId is not null);
}

public enum SpendVerdict
{
    Admitted,

    /// <summary>A tokens-per-minute window (<see cref="SpendAdmission.Scope"/>) has no room for the reservation.</summary>
    TokensExceeded,

    /// <summary>The key's budget has no room for the reservation's price.</summary>
    BudgetExceeded,
}

/// <summary>Which tokens-per-minute limit a refusal names.</summary>
public enum SpendScope
{
    None,
    Key,
    User,
    Team,
}

/// <param name="Window">The minute the tokens were reserved in (the store's clock), for the settlement; 0 when nothing was reserved.</param>
/// <param name="RetryAt">When a refused request may succeed: the next minute, or the budget's next period.</param>
/// <param name="TokenLimit">The tightest tokens-per-minute limit that applied; 0 when none did.</param>
/// <param name="TokensRemaining">What is left of that limit in this minute after this request's reservation.</param>
public readonly record struct SpendAdmission(
    SpendVerdict Verdict,
    long Window,
    DateTimeOffset RetryAt,
    SpendScope Scope = SpendScope.None,
    int TokenLimit = 0,
    int TokensRemaining = 0,
    bool FailedOpen = false)
{
    /// <summary>The budget period the cost was reserved in (<see cref="KeyBudget.PeriodId"/>), so that a settlement after midnight corrects the right one.</summary>
    public string? BudgetPeriodId { get; init; }

    /// <summary>Tokens and cost are held in the store for this request: its settlement corrects them, its release gives them back.</summary>
    public bool Reserved => Verdict == SpendVerdict.Admitted && Window != 0 && !FailedOpen;

    public bool Admitted => Verdict == SpendVerdict.Admitted;

    /// <summary>The request reserved nothing (no limit applied): its settlement only records the spend.</summary>
    public static SpendAdmission Unchecked { get; } = new(SpendVerdict.Admitted, 0, default);
}

/// <summary>What a request used, as the provider reported it (or as counted when it did not), and its price.</summary>
public readonly record struct SpendUse(int InputTokens, int OutputTokens, long CostNanos);

public enum UsageGrouping
{
    Team,
    User,
    Key,
    Model,
}

/// <param name="Group">The team, user, key id or model; for <see cref="UsageGrouping.Key"/>, requests made with an access token are grouped under <see cref="NoKey"/>.</param>
public sealed record UsageRow(string Group, long Requests, long InputTokens, long OutputTokens, long CostNanos)
{
    public const string NoKey = "(access token)";
}
