<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de">
<context>
    <name>AuditFigures</name>
    <message>
        <source>%1 · %2</source>
        <translation>%1 · %2</translation>
    </message>
    <message>
        <source>%1 (t₀.₈ = %2)</source>
        <translation>%1 (t₀.₈ = %2)</translation>
    </message>
    <message>
        <source>median</source>
        <translation>Median</translation>
    </message>
    <message>
        <source>mean</source>
        <translation>Mittelwert</translation>
    </message>
    <message>
        <source>LVS (%1), layer %2</source>
        <translation>LVS (%1), Schicht %2</translation>
    </message>
    <message>
        <source>Audit gap (p = %1)</source>
        <translation>Audit-Lücke (p = %1)</translation>
    </message>
    <message>
        <source>LVS layer profile (p = %1)</source>
        <translation>LVS-Schichtprofil (p = %1)</translation>
    </message>
    <message>
        <source>layer</source>
        <translation>Schicht</translation>
    </message>
    <message>
        <source>LVS (%1)</source>
        <translation>LVS (%1)</translation>
    </message>
    <message>
        <source>Harmful fine-tuning</source>
        <translation>Schädliches Feintuning</translation>
    </message>
    <message>
        <source>step</source>
        <translation>Schritt</translation>
    </message>
    <message>
        <source>compliance</source>
        <translation>Befolgung</translation>
    </message>
    <message>
        <source>Refusal under attack</source>
        <translation>Verweigerung unter Angriff</translation>
    </message>
    <message>
        <source>prompt</source>
        <translation>Prompt</translation>
    </message>
    <message>
        <source>refusal</source>
        <translation>Verweigerung</translation>
    </message>
    <message>
        <source>LVS by layer and budget</source>
        <translation>LVS nach Schicht und Budget</translation>
    </message>
    <message>
        <source>relative budget p</source>
        <translation>relatives Budget p</translation>
    </message>
    <message>
        <source>LVS</source>
        <translation>LVS</translation>
    </message>
</context>
<context>
    <name>AuditReport</name>
    <message>
        <source>not hashed: %1</source>
        <translation>kein Hash: %1</translation>
    </message>
    <message>
        <source>median</source>
        <translation>Median</translation>
    </message>
    <message>
        <source>mean</source>
        <translation>Mittelwert</translation>
    </message>
    <message>
        <source>The audit gap: clean behavioural refusal on the harmful prompts (Wilson 95% interval) against the %1 LVS at layer %2, p = %3 (bootstrap 95% CI).</source>
        <translation>Die Prüflücke: Verhaltensverweigerung ohne Angriff auf den schädlichen Prompts (Wilson-95%-Intervall) gegen den %1 der LVS in Schicht %2, p = %3 (Bootstrap-95%-KI).</translation>
    </message>
    <message>
        <source>LVS layer profile at p = %1 (%2 with its 95% CI band).</source>
        <translation>LVS-Schichtprofil bei p = %1 (%2 mit 95%-KI-Band).</translation>
    </message>
    <message>
        <source>Harmful fine-tuning: compliance on the evaluation prompts against steps.</source>
        <translation>Schädliches Feintuning: Befolgung auf den Auswertungsprompts über die Schritte.</translation>
    </message>
    <message>
        <source>%1: refusal per prompt (columns) without attack (top row) and under the full attack at each layer's slider budget (1 = refused; blank = not computed).</source>
        <translation>%1: Verweigerung je Prompt (Spalten) ohne Angriff (oberste Zeile) und unter dem vollen Angriff beim Reglerbudget jeder Schicht (1 = verweigert; leer = nicht berechnet).</translation>
    </message>
    <message>
        <source>%1: %2 LVS by layer and budget (◆ = the slider budget of that layer); the colour scale is shared by every model.</source>
        <translation>%1: %2 LVS nach Schicht und Budget (◆ = Reglerbudget dieser Schicht); die Farbskala ist für alle Modelle gleich.</translation>
    </message>
    <message>
        <source>AuditGap audit report</source>
        <translation>AuditGap-Prüfbericht</translation>
    </message>
    <message>
        <source>Session %1 · written %2 by AuditGap %3</source>
        <translation>Sitzung %1 · geschrieben %2 von AuditGap %3</translation>
    </message>
    <message>
        <source>(unsaved)</source>
        <translation>(nicht gespeichert)</translation>
    </message>
    <message>
        <source>1. Findings</source>
        <translation>1. Ergebnisse</translation>
    </message>
    <message>
        <source>&lt;b&gt;%1&lt;/b&gt;: clean refusal %2; LVS (%3) at layer %4, p = %5: %6</source>
        <translation>&lt;b&gt;%1&lt;/b&gt;: Verweigerung ohne Angriff %2; LVS (%3) in Schicht %4, p = %5: %6</translation>
    </message>
    <message>
        <source>Two models that refuse alike but differ in LVS show the audit gap: behavioural testing cannot tell them apart; the latent view can. LVS = max(0, S(y) − S(y′)) / (log(1 + ‖δ‖₂) + η), the median with η = 1e-4 and the mean with η = 1e-6 (Jiang et al., 2026).</source>
        <translation>Zwei Modelle, die gleich oft verweigern, sich aber in der LVS unterscheiden, zeigen die Prüflücke: Verhaltenstests können sie nicht unterscheiden, die latente Sicht schon. LVS = max(0, S(y) − S(y′)) / (log(1 + ‖δ‖₂) + η), der Median mit η = 1e-4 und der Mittelwert mit η = 1e-6 (Jiang et al., 2026).</translation>
    </message>
    <message>
        <source>2. Figures</source>
        <translation>2. Abbildungen</translation>
    </message>
    <message>
        <source>model</source>
        <translation>Modell</translation>
    </message>
    <message>
        <source>layer</source>
        <translation>Schicht</translation>
    </message>
    <message>
        <source>p</source>
        <translation>p</translation>
    </message>
    <message>
        <source>n</source>
        <translation>n</translation>
    </message>
    <message>
        <source>clean refusal (95% CI)</source>
        <translation>Verweigerung ohne Angriff (95%-KI)</translation>
    </message>
    <message>
        <source>ASR (95% CI)</source>
        <translation>ASR (95%-KI)</translation>
    </message>
    <message>
        <source>LVS mean</source>
        <translation>LVS-Mittelwert</translation>
    </message>
    <message>
        <source>LVS median (95% CI)</source>
        <translation>LVS-Median (95%-KI)</translation>
    </message>
    <message>
        <source>No LVS grid results in this session yet.</source>
        <translation>Diese Sitzung enthält noch keine Ergebnisse des LVS-Rasters.</translation>
    </message>
    <message>
        <source>3. Refusal, ASR and LVS per model and layer</source>
        <translation>3. Verweigerung, ASR und LVS je Modell und Schicht</translation>
    </message>
    <message>
        <source>At p = %1 (the plots' budget), on the n harmful prompts. Clean refusal (no attack) and ASR (compliance under the attack) with Wilson 95% intervals; the LVS mean (η = 1e-6) and median (η = 1e-4) with the median's bootstrap 95% CI. Models: %2.</source>
        <translation>Bei p = %1 (dem Budget der Diagramme), auf den n schädlichen Prompts. Verweigerung ohne Angriff und ASR (Befolgung unter dem Angriff) mit Wilson-95%-Intervallen; LVS-Mittelwert (η = 1e-6) und -Median (η = 1e-4) mit dem Bootstrap-95%-KI des Medians. Modelle: %2.</translation>
    </message>
    <message>
        <source>slider p</source>
        <translation>Regler-p</translation>
    </message>
    <message>
        <source>harmful prompts attacked</source>
        <translation>angegriffene schädliche Prompts</translation>
    </message>
    <message>
        <source>Full attack at the slider budgets</source>
        <translation>Voller Angriff bei den Reglerbudgets</translation>
    </message>
    <message>
        <source>Every budget of the grid</source>
        <translation>Alle Budgets des Rasters</translation>
    </message>
    <message>
        <source>step</source>
        <translation>Schritt</translation>
    </message>
    <message>
        <source>compliance</source>
        <translation>Befolgung</translation>
    </message>
    <message>
        <source>refusal</source>
        <translation>Verweigerung</translation>
    </message>
    <message>
        <source>loss</source>
        <translation>Verlust</translation>
    </message>
    <message>
        <source>Harmful fine-tuning</source>
        <translation>Schädliches Feintuning</translation>
    </message>
    <message>
        <source>4. Reproduction</source>
        <translation>4. Reproduktion</translation>
    </message>
    <message>
        <source>Session file SHA-256: %1</source>
        <translation>SHA-256 der Sitzungsdatei: %1</translation>
    </message>
    <message>
        <source>Models</source>
        <translation>Modelle</translation>
    </message>
    <message>
        <source>name</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>folder</source>
        <translation>Ordner</translation>
    </message>
    <message>
        <source>layers</source>
        <translation>Schichten</translation>
    </message>
    <message>
        <source>SHA-256 of the weights</source>
        <translation>SHA-256 der Gewichte</translation>
    </message>
    <message>
        <source>Model %1</source>
        <translation>Modell %1</translation>
    </message>
    <message>
        <source>source</source>
        <translation>Quelle</translation>
    </message>
    <message>
        <source>inline (edited in the session)</source>
        <translation>eingebettet (in der Sitzung bearbeitet)</translation>
    </message>
    <message>
        <source>SHA-256</source>
        <translation>SHA-256</translation>
    </message>
    <message>
        <source>prompts</source>
        <translation>Prompts</translation>
    </message>
    <message>
        <source>%1 (%2 harmful, %3 benign)</source>
        <translation>%1 (%2 schädlich, %3 harmlos)</translation>
    </message>
    <message>
        <source>Prompt set</source>
        <translation>Prompt-Satz</translation>
    </message>
    <message>
        <source>attack</source>
        <translation>Angriff</translation>
    </message>
    <message>
        <source>steps</source>
        <translation>Schritte</translation>
    </message>
    <message>
        <source>phase</source>
        <translation>Phase</translation>
    </message>
    <message>
        <source>every decode step</source>
        <translation>jeder Dekodierschritt</translation>
    </message>
    <message>
        <source>prefill only</source>
        <translation>nur Vorbefüllung</translation>
    </message>
    <message>
        <source>target</source>
        <translation>Ziel</translation>
    </message>
    <message>
        <source>budget grid (relative p)</source>
        <translation>Budgetraster (relatives p)</translation>
    </message>
    <message>
        <source>slider budgets</source>
        <translation>Reglerbudgets</translation>
    </message>
    <message>
        <source>max new tokens</source>
        <translation>max. neue Tokens</translation>
    </message>
    <message>
        <source>seed</source>
        <translation>Startwert</translation>
    </message>
    <message>
        <source>batch</source>
        <translation>Stapel</translation>
    </message>
    <message>
        <source>Attack settings</source>
        <translation>Angriffseinstellungen</translation>
    </message>
    <message>
        <source>judge</source>
        <translation>Bewerter</translation>
    </message>
    <message>
        <source>judge weights SHA-256</source>
        <translation>SHA-256 der Bewertergewichte</translation>
    </message>
    <message>
        <source>judge list SHA-256</source>
        <translation>SHA-256 der Bewerterliste</translation>
    </message>
    <message>
        <source>judge template</source>
        <translation>Bewertervorlage</translation>
    </message>
    <message>
        <source>reward model S</source>
        <translation>Belohnungsmodell S</translation>
    </message>
    <message>
        <source>none: S is the judge's verdict (1 refused, 0 not)</source>
        <translation>keines: S ist das Urteil des Bewerters (1 verweigert, 0 nicht)</translation>
    </message>
    <message>
        <source>reward weights SHA-256</source>
        <translation>SHA-256 der Belohnungsgewichte</translation>
    </message>
    <message>
        <source>Judge and reward model</source>
        <translation>Bewerter und Belohnungsmodell</translation>
    </message>
    <message>
        <source>report written by</source>
        <translation>Bericht erstellt von</translation>
    </message>
    <message>
        <source>AuditGap %1, Qt %2, libtorch %3, %4</source>
        <translation>AuditGap %1, Qt %2, libtorch %3, %4</translation>
    </message>
    <message>
        <source>Device and versions</source>
        <translation>Gerät und Versionen</translation>
    </message>
    <message>
        <source>Recompute the LVS grid</source>
        <translation>LVS-Raster neu berechnen</translation>
    </message>
    <message>
        <source>The LVS grid of every model comes from this command (each hook point × the budget grid × every prompt; results.json holds the cells and the per model × layer × budget summaries of section 3). Inline prompts must first be written to PROMPTS.jsonl.</source>
        <translation>Das LVS-Raster jedes Modells stammt aus diesem Befehl (jeder Einhängepunkt × das Budgetraster × jeder Prompt; results.json enthält die Zellen und die Zusammenfassungen je Modell × Schicht × Budget aus Abschnitt 3). Eingebettete Prompts müssen zuerst in PROMPTS.jsonl geschrieben werden.</translation>
    </message>
</context>
<context>
    <name>GuiRunner</name>
    <message>
        <source>AuditGap: representation-level safety audits</source>
        <translation>AuditGap: Sicherheitsprüfungen auf Repräsentationsebene</translation>
    </message>
    <message>
        <source>Render the main window with the demo family to FILE and exit.</source>
        <translation>Das Hauptfenster mit der Demo-Familie in DATEI rendern und beenden.</translation>
    </message>
    <message>
        <source>Run the demo audit without a display; write PNGs and a session to DIR.</source>
        <translation>Das Demo-Audit ohne Bildschirm ausführen; PNGs und eine Sitzung nach DIR schreiben.</translation>
    </message>
    <message>
        <source>Interface language (en, de, zh_CN).</source>
        <translation>Sprache der Oberfläche (en, de, zh_CN).</translation>
    </message>
    <message>
        <source>A session file to open.</source>
        <translation>Eine zu öffnende Sitzungsdatei.</translation>
    </message>
    <message>
        <source>Screenshot written to %1</source>
        <translation>Bildschirmfoto nach %1 geschrieben</translation>
    </message>
    <message>
        <source>Headless demo audit written:</source>
        <translation>Demo-Audit ohne Bildschirm geschrieben:</translation>
    </message>
    <message>
        <source>User guide screenshots written:</source>
        <translation>Bildschirmfotos des Benutzerhandbuchs geschrieben:</translation>
    </message>
    <message>
        <source>Render the user guide's screenshots to DIR and exit.</source>
        <translation>Die Bildschirmfotos des Benutzerhandbuchs nach DIR schreiben und beenden.</translation>
    </message>
</context>
<context>
    <name>QObject</name>
    <message>
        <source>%1: unknown export format "%2" (expected .png, .pdf or .svg)</source>
        <translation>%1: unbekanntes Exportformat „%2“ (erwartet .png, .pdf oder .svg)</translation>
    </message>
    <message>
        <source>%1: cannot write in this folder (%2)</source>
        <translation>%1: in diesen Ordner kann nicht geschrieben werden (%2)</translation>
    </message>
    <message>
        <source>AuditGap plot</source>
        <translation>AuditGap-Diagramm</translation>
    </message>
    <message>
        <source>%1: the plot could not be rendered</source>
        <translation>%1: das Diagramm konnte nicht gerendert werden</translation>
    </message>
    <message>
        <source>%1: cannot replace the file</source>
        <translation>%1: die Datei kann nicht ersetzt werden</translation>
    </message>
    <message>
        <source>PNG image (*.png)</source>
        <translation>PNG-Bild (*.png)</translation>
    </message>
    <message>
        <source>PDF document (*.pdf)</source>
        <translation>PDF-Dokument (*.pdf)</translation>
    </message>
    <message>
        <source>SVG drawing (*.svg)</source>
        <translation>SVG-Grafik (*.svg)</translation>
    </message>
</context>
<context>
    <name>WorkbenchDialogs</name>
    <message>
        <source>Preferences</source>
        <translation>Einstellungen</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>Sprache</translation>
    </message>
    <message>
        <source>The translation for %1 is missing.</source>
        <translation>Die Übersetzung für %1 fehlt.</translation>
    </message>
    <message>
        <source>About AuditGap</source>
        <translation>Über AuditGap</translation>
    </message>
    <message>
        <source>&lt;h3&gt;AuditGap %1&lt;/h3&gt;&lt;p&gt;Representation-level safety audits of language models: latent vulnerability (LVS) against behavioural refusal, layer by layer.&lt;/p&gt;&lt;p&gt;Method: Jiang, Gjølbye, Zhang, Koyejo, &lt;i&gt;When Behavioral Safety Evaluation Fails: A Representation-Level Perspective&lt;/i&gt;, arXiv 2606.08044 (2026).&lt;/p&gt;&lt;table&gt;&lt;tr&gt;&lt;td&gt;Qt&lt;/td&gt;&lt;td&gt;%2&lt;/td&gt;&lt;/tr&gt;&lt;tr&gt;&lt;td&gt;libtorch&lt;/td&gt;&lt;td&gt;%3&lt;/td&gt;&lt;/tr&gt;&lt;tr&gt;&lt;td&gt;Device&lt;/td&gt;&lt;td&gt;%4&lt;/td&gt;&lt;/tr&gt;&lt;tr&gt;&lt;td&gt;BLAS&lt;/td&gt;&lt;td&gt;%5 (%6)&lt;/td&gt;&lt;/tr&gt;&lt;tr&gt;&lt;td&gt;Threads&lt;/td&gt;&lt;td&gt;%7&lt;/td&gt;&lt;/tr&gt;&lt;/table&gt;</source>
        <translation>&lt;h3&gt;AuditGap %1&lt;/h3&gt;&lt;p&gt;Sicherheitsprüfungen von Sprachmodellen auf Repräsentationsebene: latente Verwundbarkeit (LVS) gegenüber verhaltensbasierter Verweigerung, Schicht für Schicht.&lt;/p&gt;&lt;p&gt;Methode: Jiang, Gjølbye, Zhang, Koyejo, &lt;i&gt;When Behavioral Safety Evaluation Fails: A Representation-Level Perspective&lt;/i&gt;, arXiv 2606.08044 (2026).&lt;/p&gt;&lt;table&gt;&lt;tr&gt;&lt;td&gt;Qt&lt;/td&gt;&lt;td&gt;%2&lt;/td&gt;&lt;/tr&gt;&lt;tr&gt;&lt;td&gt;libtorch&lt;/td&gt;&lt;td&gt;%3&lt;/td&gt;&lt;/tr&gt;&lt;tr&gt;&lt;td&gt;Gerät&lt;/td&gt;&lt;td&gt;%4&lt;/td&gt;&lt;/tr&gt;&lt;tr&gt;&lt;td&gt;BLAS&lt;/td&gt;&lt;td&gt;%5 (%6)&lt;/td&gt;&lt;/tr&gt;&lt;tr&gt;&lt;td&gt;Threads&lt;/td&gt;&lt;td&gt;%7&lt;/td&gt;&lt;/tr&gt;&lt;/table&gt;</translation>
    </message>
    <message>
        <source>Fine-tuning pairs (JSONL with "response")</source>
        <translation>Feintuning-Paare (JSONL mit „response“)</translation>
    </message>
    <message>
        <source>JSONL (*.jsonl)</source>
        <translation>JSONL (*.jsonl)</translation>
    </message>
    <message>
        <source>Harmful fine-tuning needs (prompt, response) pairs: a JSONL file with a "response" field.</source>
        <translation>Schädliches Feintuning braucht (Prompt, Antwort)-Paare: eine JSONL-Datei mit einem Feld „response“.</translation>
    </message>
    <message>
        <source>%1: no harmful prompt with a "response" field</source>
        <translation>%1: kein schädlicher Prompt mit einem Feld „response“</translation>
    </message>
</context>
<context>
    <name>auditgap::ui::AuditGapPlot</name>
    <message>
        <source>Audit gap</source>
        <translation>Audit-Lücke</translation>
    </message>
    <message>
        <source>clean refusal (behavioural)</source>
        <translation>saubere Verweigerung (Verhalten)</translation>
    </message>
    <message>
        <source>LVS</source>
        <translation>LVS</translation>
    </message>
</context>
<context>
    <name>auditgap::ui::BudgetPanel</name>
    <message>
        <source>Link sliders</source>
        <translation>Regler koppeln</translation>
    </message>
    <message>
        <source>Drag one slider, move all</source>
        <translation>Einen Regler ziehen, alle bewegen</translation>
    </message>
    <message>
        <source>Presets:</source>
        <translation>Vorgaben:</translation>
    </message>
    <message>
        <source>Choose…</source>
        <translation>Wählen…</translation>
    </message>
    <message>
        <source>Paper budgets (5e-4, 1e-3, 5e-3 by depth)</source>
        <translation>Budgets des Artikels (5e-4, 1e-3, 5e-3 nach Tiefe)</translation>
    </message>
    <message>
        <source>Headline budget, every layer</source>
        <translation>Hauptbudget, jede Schicht</translation>
    </message>
    <message>
        <source>Mid band only</source>
        <translation>Nur mittleres Band</translation>
    </message>
    <message>
        <source>Clear</source>
        <translation>Zurücksetzen</translation>
    </message>
    <message>
        <source>Attack</source>
        <translation>Angriff</translation>
    </message>
    <message>
        <source>PGD ℓ∞ (paper)</source>
        <translation>PGD ℓ∞ (Artikel)</translation>
    </message>
    <message>
        <source>ℓ2 adaptive</source>
        <translation>ℓ2 adaptiv</translation>
    </message>
    <message>
        <source>Random control</source>
        <translation>Zufallskontrolle</translation>
    </message>
    <message>
        <source>Steering</source>
        <translation>Steuerung (Steering)</translation>
    </message>
    <message>
        <source>Prefill only</source>
        <translation>Nur Prefill</translation>
    </message>
    <message>
        <source>All decode steps</source>
        <translation>Alle Dekodierschritte</translation>
    </message>
    <message>
        <source>Refusal prefixes</source>
        <translation>Verweigerungspräfixe</translation>
    </message>
    <message>
        <source>Logit refusal score</source>
        <translation>Logit-Verweigerungswert</translation>
    </message>
    <message>
        <source>default</source>
        <translation>Standard</translation>
    </message>
    <message>
        <source>none: S = judge verdict</source>
        <translation>keins: S = Urteil des Richters</translation>
    </message>
    <message>
        <source>Method</source>
        <translation>Methode</translation>
    </message>
    <message>
        <source>Steps</source>
        <translation>Schritte</translation>
    </message>
    <message>
        <source>Phase</source>
        <translation>Phase</translation>
    </message>
    <message>
        <source>Target</source>
        <translation>Ziel</translation>
    </message>
    <message>
        <source>New tokens</source>
        <translation>Neue Token</translation>
    </message>
    <message>
        <source>Judge</source>
        <translation>Richter</translation>
    </message>
    <message>
        <source>Reward model</source>
        <translation>Belohnungsmodell</translation>
    </message>
    <message>
        <source>Relative budget p at the embedding</source>
        <translation>Relatives Budget p an der Einbettung</translation>
    </message>
    <message>
        <source>Relative budget p at block %1</source>
        <translation>Relatives Budget p an Block %1</translation>
    </message>
    <message>
        <source>Judge model (folder)…</source>
        <translation>Richtermodell (Ordner)…</translation>
    </message>
</context>
<context>
    <name>auditgap::ui::ExportController</name>
    <message>
        <source>Export audit report</source>
        <translation>Prüfbericht exportieren</translation>
    </message>
    <message>
        <source>PDF document (*.pdf);;HTML page (*.html)</source>
        <translation>PDF-Dokument (*.pdf);;HTML-Seite (*.html)</translation>
    </message>
    <message>
        <source>Wrote %1</source>
        <translation>%1 geschrieben</translation>
    </message>
    <message>
        <source>Folder for the plots</source>
        <translation>Ordner für die Diagramme</translation>
    </message>
    <message>
        <source>Wrote %1 files to %2</source>
        <translation>%1 Dateien nach %2 geschrieben</translation>
    </message>
    <message>
        <source>Export heatmap data</source>
        <translation>Heatmap-Daten exportieren</translation>
    </message>
    <message>
        <source>CSV (*.csv)</source>
        <translation>CSV (*.csv)</translation>
    </message>
    <message>
        <source>JSON (*.json)</source>
        <translation>JSON (*.json)</translation>
    </message>
    <message>
        <source>Export as %1…</source>
        <translation>Als %1 exportieren…</translation>
    </message>
    <message>
        <source>Export plot</source>
        <translation>Diagramm exportieren</translation>
    </message>
</context>
<context>
    <name>auditgap::ui::MainWindow</name>
    <message>
        <source>Model folder for %1</source>
        <translation>Modellordner für %1</translation>
    </message>
    <message>
        <source>Prompt set</source>
        <translation>Prompt-Satz</translation>
    </message>
    <message>
        <source>Prompt sets (*.jsonl *.csv *.txt)</source>
        <translation>Prompt-Sätze (*.jsonl *.csv *.txt)</translation>
    </message>
    <message>
        <source>&amp;New session</source>
        <translation>&amp;Neue Sitzung</translation>
    </message>
    <message>
        <source>&amp;Open…</source>
        <translation>Ö&amp;ffnen…</translation>
    </message>
    <message>
        <source>&amp;Save</source>
        <translation>&amp;Speichern</translation>
    </message>
    <message>
        <source>Save &amp;As…</source>
        <translation>Speichern &amp;unter…</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;Beenden</translation>
    </message>
    <message>
        <source>All plots as images…</source>
        <translation>Alle Diagramme als Bilder…</translation>
    </message>
    <message>
        <source>Heatmap data as CSV…</source>
        <translation>Heatmap-Daten als CSV…</translation>
    </message>
    <message>
        <source>Heatmap data as JSON…</source>
        <translation>Heatmap-Daten als JSON…</translation>
    </message>
    <message>
        <source>Load model &amp;%1 from a folder…</source>
        <translation>Modell &amp;%1 aus einem Ordner laden…</translation>
    </message>
    <message>
        <source>Load the &amp;demo family</source>
        <translation>&amp;Demo-Familie laden</translation>
    </message>
    <message>
        <source>&amp;Load prompt set (JSONL, CSV, TXT)…</source>
        <translation>Prompt-Satz &amp;laden (JSONL, CSV, TXT)…</translation>
    </message>
    <message>
        <source>&amp;View and edit prompts…</source>
        <translation>Prompts &amp;ansehen und bearbeiten…</translation>
    </message>
    <message>
        <source>&amp;Run / refresh sweep</source>
        <translation>Durchlauf &amp;starten / aktualisieren</translation>
    </message>
    <message>
        <source>&amp;Stop</source>
        <translation>&amp;Anhalten</translation>
    </message>
    <message>
        <source>Harmful &amp;fine-tuning</source>
        <translation>Schädliches &amp;Feintuning</translation>
    </message>
    <message>
        <source>&amp;Reset layout</source>
        <translation>Layout &amp;zurücksetzen</translation>
    </message>
    <message>
        <source>&amp;Preferences…</source>
        <translation>&amp;Einstellungen…</translation>
    </message>
    <message>
        <source>&amp;About AuditGap</source>
        <translation>Ü&amp;ber AuditGap</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>&amp;Datei</translation>
    </message>
    <message>
        <source>Open &amp;Recent</source>
        <translation>&amp;Zuletzt geöffnet</translation>
    </message>
    <message>
        <source>&amp;Export</source>
        <translation>&amp;Exportieren</translation>
    </message>
    <message>
        <source>&amp;Models</source>
        <translation>&amp;Modelle</translation>
    </message>
    <message>
        <source>&amp;Prompts</source>
        <translation>&amp;Prompts</translation>
    </message>
    <message>
        <source>&amp;Run</source>
        <translation>&amp;Ausführen</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>&amp;Ansicht</translation>
    </message>
    <message>
        <source>&amp;Colormap</source>
        <translation>&amp;Farbskala</translation>
    </message>
    <message>
        <source>LVS &amp;aggregation</source>
        <translation>LVS-&amp;Aggregation</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>&amp;Hilfe</translation>
    </message>
    <message>
        <source>Main toolbar</source>
        <translation>Hauptwerkzeugleiste</translation>
    </message>
    <message>
        <source>Budgets</source>
        <translation>Budgets</translation>
    </message>
    <message>
        <source>AuditGap</source>
        <translation>AuditGap</translation>
    </message>
    <message>
        <source>A prompt set needs at least one prompt.</source>
        <translation>Ein Prompt-Satz braucht mindestens einen Prompt.</translation>
    </message>
    <message>
        <source>Reward model folder (sequence classification)</source>
        <translation>Ordner des Belohnungsmodells (Sequenzklassifikation)</translation>
    </message>
    <message>
        <source>Refine &amp;automatically (full PGD after the sliders rest)</source>
        <translation>&amp;Automatisch verfeinern (volles PGD, wenn die Regler ruhen)</translation>
    </message>
    <message>
        <source>Judge model folder (a causal LM; yes/no template)</source>
        <translation>Ordner des Richtermodells (kausales LM; Ja/Nein-Vorlage)</translation>
    </message>
    <message>
        <source>Export &amp;report…</source>
        <translation>&amp;Bericht exportieren…</translation>
    </message>
</context>
<context>
    <name>auditgap::ui::PromptEditor</name>
    <message>
        <source>Prompts</source>
        <translation>Prompts</translation>
    </message>
    <message>
        <source>Prompt</source>
        <translation>Prompt</translation>
    </message>
    <message>
        <source>Label</source>
        <translation>Kennzeichnung</translation>
    </message>
    <message>
        <source>Category</source>
        <translation>Kategorie</translation>
    </message>
    <message>
        <source>Target</source>
        <translation>Ziel</translation>
    </message>
    <message>
        <source>Add prompt</source>
        <translation>Prompt hinzufügen</translation>
    </message>
    <message>
        <source>Remove selected</source>
        <translation>Auswahl entfernen</translation>
    </message>
</context>
<context>
    <name>auditgap::ui::RequestController</name>
    <message>
        <source>Loading %1…</source>
        <translation>Lade %1…</translation>
    </message>
    <message>
        <source>The demo family was not found (looked in $AUDITGAP_DEMO_DIR and share/auditgap/demo).</source>
        <translation>Die Demo-Familie wurde nicht gefunden (gesucht in $AUDITGAP_DEMO_DIR und share/auditgap/demo).</translation>
    </message>
</context>
<context>
    <name>auditgap::ui::SessionController</name>
    <message>
        <source>Untitled session</source>
        <translation>Unbenannte Sitzung</translation>
    </message>
    <message>
        <source>%1%2 — AuditGap</source>
        <translation>%1%2 — AuditGap</translation>
    </message>
    <message>
        <source>Model %1 (%2) moved: where is it now?</source>
        <translation>Modell %1 (%2) wurde verschoben: wo liegt es jetzt?</translation>
    </message>
    <message>
        <source>Checking the weights of %1…</source>
        <translation>Prüfe die Gewichte von %1…</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Abbrechen</translation>
    </message>
    <message>
        <source>Saved %1</source>
        <translation>%1 gespeichert</translation>
    </message>
    <message>
        <source>Save session</source>
        <translation>Sitzung speichern</translation>
    </message>
    <message>
        <source>AuditGap sessions (*.agap.json)</source>
        <translation>AuditGap-Sitzungen (*.agap.json)</translation>
    </message>
    <message>
        <source>Open session</source>
        <translation>Sitzung öffnen</translation>
    </message>
    <message>
        <source>Unsaved session</source>
        <translation>Ungespeicherte Sitzung</translation>
    </message>
    <message>
        <source>Save the session before closing?</source>
        <translation>Die Sitzung vor dem Schließen speichern?</translation>
    </message>
    <message>
        <source>Autosave failed: %1</source>
        <translation>Automatisches Speichern fehlgeschlagen: %1</translation>
    </message>
    <message>
        <source>Restore session?</source>
        <translation>Sitzung wiederherstellen?</translation>
    </message>
    <message>
        <source>AuditGap did not shut down cleanly. Restore the autosaved session?</source>
        <translation>AuditGap wurde nicht sauber beendet. Die automatisch gespeicherte Sitzung wiederherstellen?</translation>
    </message>
</context>
<context>
    <name>auditgap::ui::WorkbenchStatus</name>
    <message>
        <source>%1 · %2</source>
        <translation>%1 · %2</translation>
    </message>
    <message>
        <source>%p%</source>
        <translation>%p %</translation>
    </message>
    <message>
        <source>%1: %2 of %3, about %4 s left</source>
        <translation>%1: %2 von %3, noch etwa %4 s</translation>
    </message>
    <message>
        <source>%1: %2 of %3</source>
        <translation>%1: %2 von %3</translation>
    </message>
    <message>
        <source>Idle</source>
        <translation>Bereit</translation>
    </message>
</context>
<context>
    <name>auditgap::ui::WorkbenchViews</name>
    <message>
        <source>&amp;Difference view (B − A)</source>
        <translation>&amp;Differenzansicht (B − A)</translation>
    </message>
    <message>
        <source>&amp;Logarithmic colour scale</source>
        <translation>&amp;Logarithmische Farbskala</translation>
    </message>
    <message>
        <source>Median with bootstrap CI (released code)</source>
        <translation>Median mit Bootstrap-KI (veröffentlichter Code)</translation>
    </message>
    <message>
        <source>Mean (paper)</source>
        <translation>Mittelwert (Artikel)</translation>
    </message>
    <message>
        <source>Cell details</source>
        <translation>Zellendetails</translation>
    </message>
    <message>
        <source>Click a refusal-heatmap cell to see the prompt, both generations and the scores.</source>
        <translation>Eine Zelle der Verweigerungs-Heatmap anklicken, um Prompt, beide Generierungen und die Werte zu sehen.</translation>
    </message>
    <message>
        <source>Refusal, %1 − A</source>
        <translation>Verweigerung, %1 − A</translation>
    </message>
    <message>
        <source>prompt</source>
        <translation>Prompt</translation>
    </message>
    <message>
        <source>layer</source>
        <translation>Schicht</translation>
    </message>
    <message>
        <source>Δ refusal</source>
        <translation>Δ Verweigerung</translation>
    </message>
    <message>
        <source>LVS, %1 − A</source>
        <translation>LVS, %1 − A</translation>
    </message>
    <message>
        <source>relative budget p</source>
        <translation>relatives Budget p</translation>
    </message>
    <message>
        <source>Δ LVS</source>
        <translation>Δ LVS</translation>
    </message>
    <message>
        <source>%1 — clean refusal %2 [%3, %4]</source>
        <translation>%1 — saubere Verweigerung %2 [%3, %4]</translation>
    </message>
    <message>
        <source>%1 · no model</source>
        <translation>%1 · kein Modell</translation>
    </message>
    <message>
        <source>clean</source>
        <translation>sauber</translation>
    </message>
    <message>
        <source>layer %1, p = %2</source>
        <translation>Schicht %1, p = %2</translation>
    </message>
    <message>
        <source>full attack: %1</source>
        <translation>voller Angriff: %1</translation>
    </message>
    <message>
        <source>one-step logit estimate (refining…)</source>
        <translation>Ein-Schritt-Logit-Schätzung (wird verfeinert…)</translation>
    </message>
    <message>
        <source>instant linear estimate (refining…)</source>
        <translation>sofortige lineare Schätzung (wird verfeinert…)</translation>
    </message>
    <message>
        <source>&lt;b&gt;%1&lt;/b&gt; %2&lt;br&gt;%3&lt;br&gt;refusal %4 %5</source>
        <translation>&lt;b&gt;%1&lt;/b&gt; %2&lt;br&gt;%3&lt;br&gt;Verweigerung %4 %5</translation>
    </message>
    <message>
        <source>layer %1, p = %2&lt;br&gt;LVS %3 [%4, %5]</source>
        <translation>Schicht %1, p = %2&lt;br&gt;LVS %3 [%4, %5]</translation>
    </message>
    <message>
        <source>&lt;h3&gt;Model %1 · prompt %2&lt;/h3&gt;</source>
        <translation>&lt;h3&gt;Modell %1 · Prompt %2&lt;/h3&gt;</translation>
    </message>
    <message>
        <source>%1 · %2</source>
        <translation>%1 · %2</translation>
    </message>
    <message>
        <source>&lt;p&gt;No attack at this layer (its slider is at 0): the row shows the clean behaviour, refusal %1.&lt;/p&gt;</source>
        <translation>&lt;p&gt;Kein Angriff in dieser Schicht (ihr Regler steht auf 0): die Zeile zeigt das Verhalten ohne Angriff, Verweigerung %1.&lt;/p&gt;</translation>
    </message>
    <message>
        <source>&lt;p&gt;Refusal estimate %1. The full attack (PGD, generation, judge, reward) for this cell is still running.&lt;/p&gt;</source>
        <translation>&lt;p&gt;Verweigerungsschätzung %1. Der volle Angriff (PGD, Generierung, Richter, Belohnung) für diese Zelle läuft noch.&lt;/p&gt;</translation>
    </message>
    <message>
        <source>&lt;p&gt;&lt;b&gt;Clean generation&lt;/b&gt; (%1)&lt;br&gt;%2&lt;/p&gt;</source>
        <translation>&lt;p&gt;&lt;b&gt;Saubere Generierung&lt;/b&gt; (%1)&lt;br&gt;%2&lt;/p&gt;</translation>
    </message>
    <message>
        <source>&lt;p&gt;&lt;b&gt;Perturbed generation&lt;/b&gt; at layer %1, p = %2 (%3)&lt;br&gt;%4&lt;/p&gt;</source>
        <translation>&lt;p&gt;&lt;b&gt;Gestörte Generierung&lt;/b&gt; an Schicht %1, p = %2 (%3)&lt;br&gt;%4&lt;/p&gt;</translation>
    </message>
    <message>
        <source>S(y)</source>
        <translation>S(y)</translation>
    </message>
    <message>
        <source>S(y′)</source>
        <translation>S(y′)</translation>
    </message>
    <message>
        <source>‖δ‖₂</source>
        <translation>‖δ‖₂</translation>
    </message>
    <message>
        <source>ε</source>
        <translation>ε</translation>
    </message>
    <message>
        <source>judge verdict</source>
        <translation>Urteil des Richters</translation>
    </message>
    <message>
        <source>LVS row (η = 1e-4)</source>
        <translation>LVS-Zeile (η = 1e-4)</translation>
    </message>
    <message>
        <source>target NLL clean → attacked</source>
        <translation>Ziel-NLL sauber → angegriffen</translation>
    </message>
    <message>
        <source>%1 → %2</source>
        <translation>%1 → %2</translation>
    </message>
</context>
</TS>