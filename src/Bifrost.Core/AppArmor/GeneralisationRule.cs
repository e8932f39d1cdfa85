using System.Text.RegularExpressions;

namespace Bifrost.Core.AppArmor;

/// <summary>
/// One named way to widen a literal path: the text the <c>g</c> group of <see cref="Pattern"/> captures is replaced by
/// <see cref="Replacement"/> (AARE). Rules marked <see cref="SparesFirstComponent"/> never touch the top-level
/// directory, so no rule widens a path to a whole top-level directory.
/// </summary>
public sealed record GeneralisationRule(string Name, string Description, Regex Pattern, string Replacement, bool SparesFirstComponent);
