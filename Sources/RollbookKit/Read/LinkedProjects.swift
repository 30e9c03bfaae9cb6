/// The other projects a build reads besides the school's own: `previous:` (an earlier export of
/// this school) and `compare_with:` (last year's project), both folders relative to the project.
/// Each one's rollbook.yml is read once per build, here; the build digest and the loaders that
/// read its register use what was read.
public struct LinkedProjects: Sendable {
    /// One other project folder.
    public struct Project: Sendable {
        /// The folder as written in rollbook.yml (used in messages).
        public let folder: String
        /// The folder resolved against the project folder.
        public let directory: String
        /// Its rollbook.yml, or why it could not be read.
        public let config: Result<ProjectConfig, any Error>

        init(_ folder: String, from projectDirectory: String) {
            self.folder = folder
            let directory = folder.hasPrefix("/") ? folder : projectDirectory + "/" + folder
            self.directory = directory
            config = Result { try ProjectLoader.loadConfig(directory: directory) }
        }

        /// A data file of this project named in its rollbook.yml, as a path to open.
        func path(_ rel: String) -> String { rel.hasPrefix("/") ? rel : directory + "/" + rel }
    }

    /// `previous:`, when set.
    public let previous: Project?
    /// `compare_with:`, when set.
    public let compareWith: Project?

    /// Reads the rollbook.yml of each project `config` names (`directory` is the school's folder).
    public init(config: ProjectConfig, directory: String) {
        previous = config.previous.map { Project($0, from: directory) }
        compareWith = config.compareWith.map { Project($0, from: directory) }
    }
}
