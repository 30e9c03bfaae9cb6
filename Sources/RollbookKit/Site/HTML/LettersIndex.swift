/// The letters' index (`intranet/letters/index.html`): the letters due, by template, each
/// listing its pupils (plain values; `intranet/letters.mustache` writes the list).
extension IntranetPages {
    /// A letter to write: its template, the pupil, its page and why it is due.
    typealias DueLetter = (template: LetterTemplate, pupil: Int, path: String, due: Letters.Due)

    func lettersIndex(_ letters: [DueLetter], templates: [LetterTemplate]) -> String {
        let reg = model.register
        var ctx = base("../", current: "letters/index.html")
        ctx["count"] = Format.thousands(letters.count); ctx["oneLetter"] = letters.count == 1
        var anchors = SlugTable()
        let byTemplate = Dictionary(grouping: letters, by: { $0.template.path })
        ctx["groups"] = templates.compactMap { t -> [String: Any]? in
            guard let mine = byTemplate[t.path], !mine.isEmpty else { return nil }
            let letters = mine.sorted(by: { (reg.pupils[$0.pupil].surname, reg.pupils[$0.pupil].forename, $0.path) < (reg.pupils[$1.pupil].surname, reg.pupils[$1.pupil].forename, $1.path) }).map { l -> [String: Any] in
                let p = reg.pupils[l.pupil]
                return ["href": "../" + l.path, "name": "\(p.surname), \(p.forename)", "className": p.className]
            }
            return ["anchor": "l-" + anchors.claim(t.slug), "title": Markdown.plainText(t.title), "count": String(mine.count),
                    "description": t.trigger.description, "letters": letters]
        }
        return theme.render("intranet/letters", ctx)
    }
}
