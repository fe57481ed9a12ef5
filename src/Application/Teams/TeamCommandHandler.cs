namespace LlmGateway.Application.Teams;

public sealed partial class TeamCommandHandler(
    ITeamStore teams,
    ICredentialStore credentials,
    IApiKeyStore keys,
    ITeamPolicyAdministration overlays,
    TimeProvider time,
    ILogger<TeamCommandHandler> logger)
    : ICommandHandler<CreateTeamCommand, Result<Team>>,
      ICommandHandler<UpdateTeamCommand, Result<Team>>,
      ICommandHandler<DeleteTeamCommand, Result<Team>>,
      IQueryHandler<ListTeamsQuery, Result<IReadOnlyList<Team>>>,
      IQueryHandler<GetTeamQuery, Result<Team>>
{
    private const int UserPage = 200;

    public static GatewayFailure UnknownTeam() => new(GatewayError.NotFound, "There is no team with this team_id.");

    public async ValueTask<Result<Team>> Handle(CreateTeamCommand command, CancellationToken cancellationToken)
    {
        var team = new Team(command.TeamId, command.Name, time.GetUtcNow(), command.Caller.UserId);
        if (!await teams.TryAddAsync(team, cancellationToken))
        {
            return Result<Team>.FromFailure(new GatewayFailure(GatewayError.Conflict, "A team with this team_id already exists."));
        }

        LogCreated(logger, team.TeamId, command.Caller.UserId);
        return Result<Team>.Success(team);
    }

    public async ValueTask<Result<Team>> Handle(UpdateTeamCommand command, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var updated = TeamIds.IsValid(command.TeamId)
            ? await teams.UpdateAsync(command.TeamId, t => t.Name == command.Name ? t : t with { Name = command.Name, UpdatedAt = now }, cancellationToken)
            : null;
        return updated is null ? Result<Team>.FromFailure(UnknownTeam()) : Result<Team>.Success(updated);
    }

    public async ValueTask<Result<Team>> Handle(DeleteTeamCommand command, CancellationToken cancellationToken)
    {
        if (string.Equals(command.TeamId, TeamIds.Default, StringComparison.Ordinal))
        {
            return Result<Team>.FromFailure(new GatewayFailure(GatewayError.Conflict, "The default team cannot be deleted."));
        }

        var team = TeamIds.IsValid(command.TeamId) ? await teams.FindAsync(command.TeamId, cancellationToken) : null;
        if (team is null)
        {
            return Result<Team>.FromFailure(UnknownTeam());
        }

        var (users, activeKeys) = await CountMembersAsync(team.TeamId, cancellationToken);
        if (users > 0 || activeKeys > 0)
        {
            return Result<Team>.FromFailure(new GatewayFailure(
                GatewayError.Conflict,
                $"The team still has {users} users and {activeKeys} unrevoked API keys; move or delete them (PATCH /admin/users/{{id}} with another team_id, DELETE /admin/keys/{{id}}) first."));
        }

        if (!await teams.DeleteAsync(team.TeamId, cancellationToken))
        {
            return Result<Team>.FromFailure(UnknownTeam());
        }

        await overlays.DeleteAsync(team.TeamId, cancellationToken);
        LogDeleted(logger, team.TeamId, command.Caller.UserId);
        return Result<Team>.Success(team);
    }

    public async ValueTask<Result<IReadOnlyList<Team>>> Handle(ListTeamsQuery query, CancellationToken cancellationToken)
    {
        var all = await teams.ListAsync(cancellationToken);
        if (query.Caller.Role == Role.Admin)
        {
            return Result<IReadOnlyList<Team>>.Success(all);
        }

        var own = new List<Team>(1);
        foreach (var team in all)
        {
            if (query.Caller.Covers(team.TeamId))
            {
                own.Add(team);
            }
        }

        return Result<IReadOnlyList<Team>>.Success(own);
    }

    public async ValueTask<Result<Team>> Handle(GetTeamQuery query, CancellationToken cancellationToken)
    {
        var team = TeamIds.IsValid(query.TeamId) && query.Caller.Covers(query.TeamId) ? await teams.FindAsync(query.TeamId, cancellationToken) : null;
        return team is null ? Result<Team>.FromFailure(UnknownTeam()) : Result<Team>.Success(team);
    }

    private async ValueTask<(int Users, int Keys)> CountMembersAsync(string teamId, CancellationToken cancellationToken)
    {
        var users = 0;
        string? after = null;
        do
        {
            var page = await credentials.ListAsync(after, UserPage, cancellationToken);
            foreach (var account in page.Users)
            {
                if (string.Equals(account.TeamId, teamId, StringComparison.Ordinal))
                {
                    users++;
                }
            }

            after = page.NextAfter;
        }
        while (after is not null);

        var activeKeys = 0;
        foreach (var key in await keys.ListAsync(cancellationToken))
        {
            if (key.RevokedAt is null && string.Equals(key.TeamId, teamId, StringComparison.Ordinal))
            {
                activeKeys++;
            }
        }

        return (users, activeKeys);
    }

    [LoggerMessage(EventId = 1501, Level = LogLevel.Information, Message = "Team {TeamId:l} created by {AdminUserId:l}")]
    private static partial void LogCreated(ILogger logger, string teamId, string adminUserId);

    [LoggerMessage(EventId = 1502, Level = LogLevel.Information, Message = "Team {TeamId:l} deleted by {AdminUserId:l}")]
    private static partial void LogDeleted(ILogger logger, string teamId, string adminUserId);
}
