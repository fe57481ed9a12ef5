using FluentValidation;

namespace LlmGateway.Application.Users;

/// <summary>Accounts in user-id order, a page at a time (never a password hash).</summary>
/// <param name="After">The <c>next_after</c> of the previous page; null for the first page.</param>
public sealed record ListUsersQuery(Caller Caller, RequestContext Context, string? After, int Limit)
    : IQuery<Result<UserPage>>, IAuthorizedRequest, IStoreRequest, IValidatedRequest
{
    public const int DefaultLimit = 50;
    public const int MaxLimit = 200;

    public static Role RequiredRole => Role.Admin;

    public static string Store => "account";
}

/// <summary>One account; not found for an unknown user id.</summary>
public sealed record GetUserQuery(Caller Caller, RequestContext Context, string UserId)
    : IQuery<Result<UserAccount>>, IAuthorizedRequest, IStoreRequest
{
    public static Role RequiredRole => Role.Admin;

    public static string Store => "account";
}

public sealed class UserQueryHandler(ICredentialStore credentials)
    : IQueryHandler<ListUsersQuery, Result<UserPage>>,
      IQueryHandler<GetUserQuery, Result<UserAccount>>
{
    public async ValueTask<Result<UserPage>> Handle(ListUsersQuery query, CancellationToken cancellationToken) =>
        Result<UserPage>.Success(await credentials.ListAsync(query.After, query.Limit, cancellationToken));

    public async ValueTask<Result<UserAccount>> Handle(GetUserQuery query, CancellationToken cancellationToken) =>
        await credentials.FindAsync(query.UserId, cancellationToken) is { } account
            ? Result<UserAccount>.Success(account)
            : Result<UserAccount>.FromFailure(UserFailures.UnknownUser());
}

public sealed class ListUsersQueryValidator : AbstractValidator<ListUsersQuery>
{
    public ListUsersQueryValidator()
    {
        RuleFor(q => q.Limit).InclusiveBetween(1, ListUsersQuery.MaxLimit)
            .WithMessage($"limit must be between 1 and {ListUsersQuery.MaxLimit}.").OverridePropertyName("limit");
        RuleFor(q => q.After).MaximumLength(64).WithMessage("after must be a user_id from a previous page.").OverridePropertyName("after");
    }
}
