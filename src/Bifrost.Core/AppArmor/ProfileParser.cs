namespace Bifrost.Core.AppArmor;

/// <summary>
/// Reads AppArmor profile text: the rules Bifrost generates plus the common hand-written ones (file, capability,
/// network, signal, ptrace, unix, mount), variables and includes. Rule kinds it does not check (dbus, rlimit, …)
/// are skipped with a warning; child profiles and hats are skipped whole.
/// </summary>
public sealed class ProfileParser(IncludeResolver includes)
{
    private const int MaxIncludeDepth = 16;

    /// <summary>Parses the first top-level profile in <paramref name="text"/>, or the one named <paramref name="profileName"/>.</summary>
    /// <exception cref="FormatException">The text is not a profile this parser understands; the message names the line.</exception>
    public ParsedProfile Parse(string text, string? sourcePath = null, string? profileName = null)
    {
        var state = new ParseState(includes, AareVariables.BuiltIn());
        var tokens = ProfileLexer.Tokenize(text);
        var reader = new TokenReader(tokens);
        ParsedProfile? found = null;
        while (!reader.AtEnd)
        {
            if (TryReadPrelude(reader, state, sourcePath, 0))
                continue;
            var header = ReadProfileHeader(reader);
            var variables = state.Variables.Clone();
            variables.Set("profile_name", [Aare.Escape(header.Name)]);
            var body = new ParseState(includes, variables);
            ReadBody(reader, body, sourcePath, 0);
            if (found is null && (profileName is null || profileName == header.Name))
            {
                found = new ParsedProfile
                {
                    Name = header.Name,
                    Flags = header.Flags,
                    Rules = body.Rules,
                    Variables = body.Variables,
                    Warnings = [.. state.Warnings, .. body.Warnings],
                };
            }
        }
        return found ?? throw new FormatException(profileName is null ? "no profile found" : $"no profile named '{profileName}'");
    }

    /// <summary>Parses a file of bare rules (an abstraction) as the body of a profile named <paramref name="profileName"/>.</summary>
    public ParsedProfile ParseRules(string text, string profileName, string? sourcePath = null)
    {
        var variables = AareVariables.BuiltIn();
        variables.Set("profile_name", [Aare.Escape(profileName)]);
        var state = new ParseState(includes, variables);
        var reader = new TokenReader(ProfileLexer.Tokenize(text));
        while (!reader.AtEnd)
            ReadStatement(reader, state, sourcePath, 0);
        return new ParsedProfile { Name = profileName, Flags = [], Rules = state.Rules, Variables = variables, Warnings = state.Warnings };
    }

    private bool TryReadPrelude(TokenReader reader, ParseState state, string? sourcePath, int depth)
    {
        var token = reader.Peek();
        if (token.IsWord("abi"))
        {
            reader.SkipPast(ProfileTokenKind.Comma);
            return true;
        }
        if (token.IsWord("include") || token.IsWord("#include"))
        {
            ReadInclude(reader, state, sourcePath, depth);
            return true;
        }
        if (IsAssignment(token, reader.Peek(1)))
        {
            ReadAssignment(reader, state);
            return true;
        }
        return false;
    }

    private static bool IsAssignment(ProfileToken token, ProfileToken next)
    {
        if (token.Kind != ProfileTokenKind.Word || !token.Text.StartsWith("@{", StringComparison.Ordinal))
            return false;
        var close = token.Text.IndexOf('}', StringComparison.Ordinal);
        if (close < 0)
            return false;
        var after = token.Text[(close + 1)..];
        if (after.Length > 0)
            return after.StartsWith('=') || after.StartsWith("+=", StringComparison.Ordinal);
        return next.Line == token.Line && next.Kind == ProfileTokenKind.Word && (next.Text.StartsWith('=') || next.Text.StartsWith("+=", StringComparison.Ordinal));
    }

    private static (string Name, IReadOnlyList<string> Flags) ReadProfileHeader(TokenReader reader)
    {
        var line = reader.Peek().Line;
        if (reader.Peek().IsWord("profile"))
            reader.Next();
        var name = reader.Next();
        if (!name.IsValue)
            throw new FormatException($"line {line}: expected a profile name, found '{name.Text}'");
        var flags = new List<string>();
        while (!reader.AtEnd && reader.Peek().Kind != ProfileTokenKind.OpenBlock)
        {
            var token = reader.Next();
            if (token.IsWord("flags=") && reader.Peek().Kind == ProfileTokenKind.OpenParen)
                flags.AddRange(reader.ReadParenList());
            else if (token.Kind == ProfileTokenKind.Word && token.Text.StartsWith("flags=", StringComparison.Ordinal))
                flags.AddRange(token.Text["flags=".Length..].Split(',', StringSplitOptions.RemoveEmptyEntries));
        }
        if (reader.AtEnd)
            throw new FormatException($"line {line}: profile '{name.Text}' has no body");
        reader.Next();
        return (name.Text, flags);
    }

    private void ReadBody(TokenReader reader, ParseState state, string? sourcePath, int depth)
    {
        while (true)
        {
            if (reader.AtEnd)
                throw new FormatException("profile body is missing its closing '}'");
            if (reader.Peek().Kind == ProfileTokenKind.CloseBlock)
            {
                reader.Next();
                return;
            }
            ReadStatement(reader, state, sourcePath, depth);
        }
    }

    private void ReadStatement(TokenReader reader, ParseState state, string? sourcePath, int depth)
    {
        if (TryReadPrelude(reader, state, sourcePath, depth))
            return;
        var start = reader.Peek();
        var tokens = new List<ProfileToken>();
        while (!reader.AtEnd)
        {
            var token = reader.Next();
            if (token.Kind == ProfileTokenKind.Comma)
                break;
            if (token.Kind == ProfileTokenKind.OpenBlock)
            {
                state.Warnings.Add($"line {start.Line}: child profile or hat '{start.Text}' is not checked");
                reader.SkipBlock();
                return;
            }
            if (token.Kind == ProfileTokenKind.CloseBlock)
                throw new FormatException($"line {token.Line}: rule '{start.Text}' is missing its ','");
            tokens.Add(token);
            if (token.Kind == ProfileTokenKind.OpenParen)
                tokens.AddRange(reader.ReadUntilCloseParen());
        }
        if (tokens.Count == 0)
            return;
        var rule = RuleReader.Read(tokens, out var skipped);
        if (rule is not null)
            state.Rules.Add(rule);
        else
            state.Warnings.Add($"line {start.Line}: {skipped}");
    }

    private void ReadInclude(TokenReader reader, ParseState state, string? sourcePath, int depth)
    {
        var line = reader.Next().Line;
        var ifExists = false;
        if (reader.Peek().IsWord("if") && reader.Peek(1).IsWord("exists"))
        {
            reader.Next();
            reader.Next();
            ifExists = true;
        }
        var target = reader.Next();
        var searchPath = target.Kind == ProfileTokenKind.Word && target.Text.StartsWith('<') && target.Text.EndsWith('>');
        var name = searchPath ? target.Text[1..^1] : target.Text;
        if (depth >= MaxIncludeDepth)
            throw new FormatException($"line {line}: includes nest deeper than {MaxIncludeDepth} (a cycle?)");

        var files = state.Includes.Resolve(name, searchPath, sourcePath is null ? null : Path.GetDirectoryName(sourcePath));
        if (files is null)
        {
            if (name == BuiltInAbstractions.BaseName)
                files = [("(built-in) " + name, BuiltInAbstractions.Base)];
            else if (name == BuiltInAbstractions.TunablesName)
                return;
            else
            {
                if (!ifExists)
                    state.Warnings.Add($"line {line}: include <{name}> not found; its rules are not counted");
                return;
            }
        }
        foreach (var (path, text) in files)
        {
            var reader2 = new TokenReader(ProfileLexer.Tokenize(text));
            while (!reader2.AtEnd)
                ReadStatement(reader2, state, path, depth + 1);
        }
    }

    private static void ReadAssignment(TokenReader reader, ParseState state)
    {
        var first = reader.Next();
        var text = first.Text;
        while (!reader.AtEnd && reader.Peek().Line == first.Line && reader.Peek().IsValue)
            text += " " + reader.Next().Text;
        var append = text.IndexOf("+=", StringComparison.Ordinal);
        var equals = text.IndexOf('=', StringComparison.Ordinal);
        var split = append >= 0 && append < equals ? append : equals;
        if (split < 0 || !text.StartsWith("@{", StringComparison.Ordinal))
            throw new FormatException($"line {first.Line}: expected a variable assignment, found '{text}'");
        var name = text[2..split].Trim().TrimEnd('}');
        var values = text[(split + (split == append ? 2 : 1))..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (split == append)
            state.Variables.Add(name, values);
        else
            state.Variables.Set(name, values);
    }

    private sealed class ParseState(IncludeResolver includes, AareVariables variables)
    {
        public IncludeResolver Includes { get; } = includes;
        public AareVariables Variables { get; } = variables;
        public List<ProfileRule> Rules { get; } = [];
        public List<string> Warnings { get; } = [];
    }
}
