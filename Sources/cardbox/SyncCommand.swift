import ArgumentParser
import CardboxEngine
import Foundation

/// `cardbox sync`: carries this device's journal to the others and merges theirs.
struct SyncCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sync",
        abstract: "Send this device's answers through the journal folder and merge the other devices'.",
        discussion: """
            In a git work tree: commits this device's journal file only, runs git pull --rebase, then
            git push. Elsewhere the folder is carried by whatever syncs it (Syncthing, a shared folder),
            and sync only merges what has arrived. It works while the app runs on the same progress file.
            """)

    @OptionGroup var options: GlobalOptions

    func run() throws {
        let settings = try options.settings()
        guard let folder = settings.journal.value else {
            printError(
                "cardbox: no journal folder is set; name one with --journal DIR, CARDBOX_JOURNAL or journal in the settings file"
            )
            throw ExitCode(1)
        }
        let scheduler = LeitnerScheduler(config: try settings.leitnerConfig())
        let now = options.currentDate()
        let file = settings.progress.value
        // The app may hold the progress file: then it writes its journal and merges by itself, and sync
        // only carries the files.
        var lock: ProgressLock?
        var journal: Journal?
        var device: String?
        do {
            try ProgressPaths.createFolder(for: file)
            lock = try ProgressLock(progressFile: file, announce: false)
            let store = try ProgressStore(path: file)
            lock?.announce()
            let opened = Journal(folder: folder, store: store)
            let report = try opened.start(scheduler: scheduler, now: now)
            if let new = report.newDevice {
                print("This progress file's journal holds answers it did not write; it is now device \(new).")
            }
            for warning in report.warnings { printError("cardbox: \(warning)") }
            journal = opened
            device = try store.deviceID()
        } catch ProgressError.inUse {
            if try ProgressFileCheck.inspect(file) == .data {
                device = try? ProgressStore(path: file, readOnly: true).deviceID()
            }
            print("The app is running on \(file): it writes and merges the journal itself.")
        } catch let error as ProgressError {
            printError("cardbox: \(commandLineMessage(error))")
            throw ExitCode(1)
        } catch {
            printError("cardbox: journal: \(error)")
            throw ExitCode(1)
        }
        let git = GitRunner(folder: folder)
        if git.isWorkTree {
            do {
                try carry(git: git, device: device)
            } catch let failure as GitRunner.Failure {
                printError("cardbox: \(failure)")
                throw ExitCode(1)
            }
        } else {
            print(
                "\(folder) is not in a git work tree: it is carried by whatever syncs it (Syncthing, a shared folder).")
        }
        guard let journal else { return }
        do {
            let (merge, warnings) = try journal.importNew(scheduler: scheduler, now: now)
            for warning in warnings { printError("cardbox: \(warning)") }
            print("Merged \(merge.imported) new line\(merge.imported == 1 ? "" : "s") from other devices.")
        } catch {
            printError("cardbox: journal: \(error)")
            throw ExitCode(1)
        }
        withExtendedLifetime(lock) {}
    }

    /// Commits this device's file only, pulls with rebase and pushes.
    private func carry(git: GitRunner, device: String?) throws {
        if let device {
            let name = JournalFolder.fileName(device: device)
            if FileManager.default.fileExists(atPath: (git.folder as NSString).appendingPathComponent(name)) {
                try git.check(["add", "--", name])
                let staged = try git.run(["diff", "--cached", "--quiet", "--", name])
                if !staged.succeeded {
                    try git.check(["commit", "--quiet", "-m", "cardbox: answers from device \(device)", "--", name])
                    print("Committed \(name).")
                }
            }
        }
        try git.check(["pull", "--rebase", "--quiet"])
        print("Pulled the other devices' journals.")
        try git.check(["push", "--quiet"])
        print("Pushed.")
    }
}
