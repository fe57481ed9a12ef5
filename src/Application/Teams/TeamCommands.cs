using FluentValidation;

namespace LlmGateway.Application.Teams;

public sealed record CreateTeamCommand(Caller Caller, RequestContext Context, string TeamId, string Name)
    : ICommand<Result<Team>>, IRequiresAdmin, ITeamStoreRequest, IValidatedRequest;

/// <summary>Renames a team (its id never changes).</summary>
public sealed record UpdateTeamCommand(Caller Caller, RequestContext Context, string TeamId, string Name)
    : ICommand<Result<Team>>, IRequiresAdmin, ITeamStoreRequest, IValidatedRequest;

/// <summary>Deletes an empty team: one that still has users or keys is refused (409), never emptied silently.</summary>
public sealed record DeleteTeamCommand(Caller Caller, RequestContext Context, string TeamId)
    : ICommand<Result<Team>>, IRequiresAdmin, ITeamStoreRequest;

/// <summary>Every team (admin), or the caller's own (team admin).</summary>
public sealed record ListTeamsQuery(Caller Caller, RequestContext Context) : IQuery<Result<IReadOnlyList<Team>>>, IRequiresTeamAdmin, ITeamStoreRequest;

/// <summary>One team; a team admin sees only its own (another team is 404).</summary>
public sealed record GetTeamQuery(Caller Caller, RequestContext Context, string TeamId) : IQuery<Result<Team>>, IRequiresTeamAdmin, ITeamStoreRequest;

public sealed class CreateTeamCommandValidator : AbstractValidator<CreateTeamCommand>
{
    public CreateTeamCommandValidator()
    {
        RuleFor(c => c.TeamId).NotEmpty().WithMessage("team_id is required.").OverridePropertyName("team_id");
        RuleFor(c => (string?)c.TeamId).MustBeATeamId().When(c => c.TeamId.Length > 0);
        RuleFor(c => c.Name).MustBeATeamName();
    }
}

public sealed class UpdateTeamCommandValidator : AbstractValidator<UpdateTeamCommand>
{
    public UpdateTeamCommandValidator() => RuleFor(c => c.Name).MustBeATeamName();
}

internal static class TeamNameRules
{
    public static IRuleBuilderOptions<T, string?> MustBeATeamName<T>(this IRuleBuilder<T, string> rule) => rule.MustBeGiven("name", 100);
}
