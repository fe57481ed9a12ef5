using LlmGateway.Application.Teams;

using FluentValidation;

namespace LlmGateway.Application.Users;

/// <summary>Accounts in user-id order, a page at a time (never a password hash); a team admin's page holds only its team.</summary>
/// <param name="After">The <c>next_after</c> of the previous page; null for the first page.</param>
public sealed record ListUsersQuery(Caller Caller, RequestContext Context, string? After, int Limit)
    : IQuery<Result<UserPage>>, IRequiresTeamAdmin, IAccountStoreRequest, IValidatedRequest
{
    public const int DefaultLimit = 50;
    public const int MaxLimit = 200;
}

/// <summary>One account; not found for an unknown user id.</summary>
public sealed record GetUserQuery(Caller Caller, RequestContext Context, string UserId)
    : IQuery<Result<UserAccount>>, IRequiresTeamAdmin, IAccountStoreRequest;

public sealed class UserQueryHandler(ICredentialStore credentials)
    : IQueryHandler<ListUsersQuery, Result<UserPage>>,
      IQueryHandler<GetUserQuery, Result<UserAccount>>
{
    public async ValueTask<Result<UserPage>> Handle(ListUsersQuery query, CancellationToken cancellationToken)
    {
        if (query.Caller.Role == Role.Admin)
        {
            return Result<UserPage>.Success(await credentials.ListAsync(query.After, query.Limit, cancellationToken));
        }

        // A team admin's page: the store's pages filtered to the team, until one more than asked is found (a next page).
        var found = new List<UserAccount>(query.Limit + 1);
        var after = query.After;
        do
        {
            var page = await credentials.ListAsync(after, ListUsersQuery.MaxLimit, cancellationToken);
            foreach (var account in page.Users)
            {
                if (query.Caller.Covers(account.TeamId) && found.Count <= query.Limit)
                {
                    found.Add(account);
                }
            }

            after = page.NextAfter;
        }
        while (after is not null && found.Count <= query.Limit);

        return found.Count > query.Limit
            ? Result<UserPage>.Success(new UserPage(found[..query.Limit], found[query.Limit - 1].UserId))
            : Result<UserPage>.Success(new UserPage(found, null));
    }

    /// <summary>Another team's account is as unknown to a team admin as one that does not exist.</summary>
    public async ValueTask<Result<UserAccount>> Handle(GetUserQuery query, CancellationToken cancellationToken) =>
        await credentials.FindAsync(query.UserId, cancellationToken) is { } account && query.Caller.Covers(account.TeamId)
            ? Result<UserAccount>.Success(account)
            : Result<UserAccount>.FromFailure(UserFailures.UnknownUser());
}

public sealed class ListUsersQueryValidator : AbstractValidator<ListUsersQuery>
{
    public ListUsersQueryValidator()
    {
        RuleFor(q => q.Limit).MustBeBetween("limit", 1, ListUsersQuery.MaxLimit);
        RuleFor(q => q.After).MaximumLength(64).WithMessage("after must be a user_id from a previous page.").OverridePropertyName("after");
    }
}
