using Bifrost.Core.Observations;

namespace Bifrost.Core.Audit;

/// <summary>AppArmor's file permission letters in audit records, in both the plain (<c>rw</c>) and owner (<c>r::w</c>) spellings.</summary>
public static class FileMasks
{
    public static AccessMask Parse(string mask)
    {
        var access = AccessMask.None;
        foreach (var c in mask)
        {
            access |= c switch
            {
                'r' => AccessMask.Read,
                'w' => AccessMask.Write,
                'a' => AccessMask.Append,
                'x' => AccessMask.Exec,
                'm' => AccessMask.MmapExec,
                'l' => AccessMask.Link,
                'k' => AccessMask.Lock,
                'c' => AccessMask.Create,
                'd' => AccessMask.Delete,
                _ => AccessMask.None,
            };
        }

        return access;
    }
}
