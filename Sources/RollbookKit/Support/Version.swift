/// Rollbook's release number, printed by `rollbook --version`.
public enum RollbookVersion {
    public static let number = "0.10.0"
}
