<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de">
<context>
    <name>AuditFigures</name>
    <message>
        <location filename="../ui/AuditFigures.cpp" line="19"/>
        <source>%1 · %2</source>
        <translation>%1 · %2</translation>
    </message>
    <message>
        <location filename="../ui/AuditFigures.cpp" line="64"/>
        <source>%1 (t₀.₈ = %2)</source>
        <translation>%1 (t₀.₈ = %2)</translation>
    </message>
    <message>
        <location filename="../ui/AuditFigures.cpp" line="88"/>
        <source>%1 (reference, p = %2, depth-scaled)</source>
        <translation>%1 (Referenz, p = %2, auf die Tiefe skaliert)</translation>
    </message>
    <message>
        <location filename="../ui/AuditFigures.cpp" line="94"/>
        <source>%1 (reference, nudge layer, p = %2)</source>
        <translation>%1 (Referenz, Nudge-Schicht, p = %2)</translation>
    </message>
    <message>
        <location filename="../ui/AuditFigures.cpp" line="100"/>
        <source>median</source>
        <translation>Median</translation>
    </message>
    <message>
        <location filename="../ui/AuditFigures.cpp" line="100"/>
        <source>mean</source>
        <translation>Mittelwert</translation>
    </message>
    <message>
        <location filename="../ui/AuditFigures.cpp" line="102"/>
        <source>LVS (%1), layer %2</source>
        <translation>LVS (%1), Schicht %2</translation>
    </message>
    <message>
        <location filename="../ui/AuditFigures.cpp" line="103"/>
        <source>Audit gap (p = %1)</source>
        <translation>Audit-Lücke (p = %1)</translation>
    </message>
    <message>
        <location filename="../ui/AuditFigures.cpp" line="105"/>
        <source>LVS layer profile (p = %1)</source>
        <translation>LVS-Schichtprofil (p = %1)</translation>
    </message>
    <message>
        <location filename="../ui/AuditFigures.cpp" line="105"/>
        <location filename="../ui/AuditFigures.cpp" line="136"/>
        <location filename="../ui/AuditFigures.cpp" line="147"/>
        <source>layer</source>
        <translation>Schicht</translation>
    </message>
    <message>
        <location filename="../ui/AuditFigures.cpp" line="105"/>
        <source>LVS (%1)</source>
        <translation>LVS (%1)</translation>
    </message>
    <message>
        <location filename="../ui/AuditFigures.cpp" line="110"/>
        <source>Harmful fine-tuning</source>
        <translation>Schädliches Feintuning</translation>
    </message>
    <message>
        <location filename="../ui/AuditFigures.cpp" line="110"/>
        <source>step</source>
        <translation>Schritt</translation>
    </message>
    <message>
        <location filename="../ui/AuditFigures.cpp" line="110"/>
        <source>compliance</source>
        <translation>Befolgung</translation>
    </message>
    <message>
        <location filename="../ui/AuditFigures.cpp" line="135"/>
        <source>Refusal under attack (%1 protocol)</source>
        <translation>Verweigerung unter Angriff (Protokoll %1)</translation>
    </message>
    <message>
        <location filename="../ui/AuditFigures.cpp" line="146"/>
        <source>LVS by layer and budget (%1 protocol)</source>
        <translation>LVS nach Schicht und Budget (Protokoll %1)</translation>
    </message>
    <message>
        <location filename="../ui/AuditFigures.cpp" line="136"/>
        <source>prompt</source>
        <translation>Prompt</translation>
    </message>
    <message>
        <location filename="../ui/AuditFigures.cpp" line="136"/>
        <source>refusal</source>
        <translation>Verweigerung</translation>
    </message>
    <message>
        <location filename="../ui/AuditFigures.cpp" line="147"/>
        <source>relative budget p</source>
        <translation>relatives Budget p</translation>
    </message>
    <message>
        <location filename="../ui/AuditFigures.cpp" line="147"/>
        <source>LVS</source>
        <translation>LVS</translation>
    </message>
</context>
<context>
    <name>AuditReport</name>
    <message>
        <location filename="../ui/AuditReport.cpp" line="127"/>
        <source>not hashed: %1</source>
        <translation>kein Hash: %1</translation>
    </message>
    <message>
        <location filename="../ui/AuditReport.cpp" line="170"/>
        <location filename="../ui/AuditReport.cpp" line="230"/>
        <source>median</source>
        <translation>Median</translation>
    </message>
    <message>
        <location filename="../ui/AuditReport.cpp" line="170"/>
        <location filename="../ui/AuditReport.cpp" line="230"/>
        <source>mean</source>
        <translation>Mittelwert</translation>
    </message>
    <message>
        <location filename="../ui/AuditReport.cpp" line="172"/>
        <source>The audit gap: clean behavioural refusal on the harmful prompts (Wilson 95% interval) against the %1 LVS at layer %2, p = %3 (bootstrap 95% CI).</source>
        <translation>Die Prüflücke: Verhaltensverweigerung ohne Angriff auf den schädlichen Prompts (Wilson-95%-Intervall) gegen den %1 der LVS in Schicht %2, p = %3 (Bootstrap-95%-KI).</translation>
    </message>
    <message>
        <location filename="../ui/AuditReport.cpp" line="177"/>
        <source>LVS layer profile at p = %1 (%2 with its 95% CI band).</source>
        <translation>LVS-Schichtprofil bei p = %1 (%2 mit 95%-KI-Band).</translation>
    </message>
    <message>
        <location filename="../ui/AuditReport.cpp" line="179"/>
        <source>Harmful fine-tuning: compliance on the evaluation prompts against steps.</source>
        <translation>Schädliches Feintuning: Befolgung auf den Auswertungsprompts über die Schritte.</translation>
    </message>
    <message>
        <location filename="../ui/AuditReport.cpp" line="197"/>
        <source>%1: refusal per prompt (columns) without attack (top row) and under the full attack at each layer&apos;s slider budget (1 = refused; blank = not computed).</source>
        <translation>%1: Verweigerung je Prompt (Spalten) ohne Angriff (oberste Zeile) und unter dem vollen Angriff beim Reglerbudget jeder Schicht (1 = verweigert; leer = nicht berechnet).</translation>
    </message>
    <message>
        <location filename="../ui/AuditReport.cpp" line="202"/>
        <source>%1: %2 LVS by layer and budget (◆ = the slider budget of that layer); the colour scale is shared by every model.</source>
        <translation>%1: %2 LVS nach Schicht und Budget (◆ = Reglerbudget dieser Schicht); die Farbskala ist für alle Modelle gleich.</translation>
    </message>
    <message>
        <location filename="../ui/AuditReport.cpp" line="217"/>
        <location filename="../ui/AuditReport.cpp" line="218"/>
        <location filename="../ui/AuditReport.cpp" line="491"/>
        <source>AuditGap audit report</source>
        <translation>AuditGap-Prüfbericht</translation>
    </message>
    <message>
        <location filename="../ui/AuditReport.cpp" line="220"/>
        <source>Session %1 · written %2 by AuditGap %3</source>
        <translation>Sitzung %1 · geschrieben %2 von AuditGap %3</translation>
    </message>
    <message>
        <location filename="../ui/AuditReport.cpp" line="221"/>
        <source>(unsaved)</source>
        <translation>(nicht gespeichert)</translation>
    </message>
    <message>
        <location filename="../ui/AuditReport.cpp" line="225"/>
        <source>1. Findings</source>
        <translation>1. Ergebnisse</translation>
    </message>
    <message>
        <location filename="../ui/AuditReport.cpp" line="228"/>
        <source>&lt;b&gt;%1&lt;/b&gt;: clean refusal %2; LVS (%3) at layer %4, p = %5: %6</source>
        <translation>&lt;b&gt;%1&lt;/b&gt;: Verweigerung ohne Angriff %2; LVS (%3) in Schicht %4, p = %5: %6</translation>
    </message>
    <message>
        <location filename="../ui/AuditReport.cpp" line="233"/>
        <source>Two models that refuse alike but differ in LVS show the audit gap: behavioural testing cannot tell them apart; the latent view can. LVS = max(0, S(y) − S(y′)) / (log(1 + ‖δ‖₂) + η), the median with η = 1e-4 and the mean with η = 1e-6 (Jiang et al., 2026).</source>
        <translation>Zwei Modelle, die gleich oft verweigern, sich aber in der LVS unterscheiden, zeigen die Prüflücke: Verhaltenstests können sie nicht unterscheiden, die latente Sicht schon. LVS = max(0, S(y) − S(y′)) / (log(1 + ‖δ‖₂) + η), der Median mit η = 1e-4 und der Mittelwert mit η = 1e-6 (Jiang et al., 2026).</translation>
    </message>
    <message>
        <location filename="../ui/AuditReport.cpp" line="237"/>
        <source>2. Figures</source>
        <translation>2. Abbildungen</translation>
    </message>
    <message>
        <location filename="../ui/AuditReport.cpp" line="267"/>
        <location filename="../ui/AuditReport.cpp" line="304"/>
        <location filename="../ui/AuditReport.cpp" line="334"/>
        <source>model</source>
        <translation>Modell</translation>
    </message>
    <message>
        <location filename="../ui/AuditReport.cpp" line="267"/>
        <location filename="../ui/AuditReport.cpp" line="304"/>
        <source>layer</source>
        <translation>Schicht</translation>
    </message>
    <message>
        <location filename="../ui/AuditReport.cpp" line="267"/>
        <source>p</source>
        <translation>p</translation>
    </message>
    <message>
        <location filename="../ui/AuditReport.cpp" line="267"/>
        <source>n</source>
        <translation>n</translation>
    </message>
    <message>
        <location filename="../ui/AuditReport.cpp" line="267"/>
        <source>clean refusal (95% CI)</source>
        <translation>Verweigerung ohne Angriff (95%-KI)</translation>
    </message>
    <message>
        <location filename="../ui/AuditReport.cpp" line="267"/>
        <location filename="../ui/AuditReport.cpp" line="304"/>
        <source>ASR (95% CI)</source>
        <translation>ASR (95%-KI)</translation>
    </message>
    <message>
        <location filename="../ui/AuditReport.cpp" line="268"/>
        <source>LVS mean</source>
        <translation>LVS-Mittelwert</translation>
    </message>
    <message>
        <location filename="../ui/AuditReport.cpp" line="268"/>
        <source>LVS median (95% CI)</source>
        <translation>LVS-Median (95%-KI)</translation>
    </message>
    <message>
        <location filename="../ui/AuditReport.cpp" line="290"/>
        <source>No LVS grid results in this session yet.</source>
        <translation>Diese Sitzung enthält noch keine Ergebnisse des LVS-Rasters.</translation>
    </message>
    <message>
        <location filename="../ui/AuditReport.cpp" line="295"/>
        <source>3. Refusal, ASR and LVS per model and layer</source>
        <translation>3. Verweigerung, ASR und LVS je Modell und Schicht</translation>
    </message>
    <message>
        <location filename="../ui/AuditReport.cpp" line="297"/>
        <source>At p = %1 (the plots&apos; budget), on the n harmful prompts. Clean refusal (no attack) and ASR (compliance under the attack) with Wilson 95% intervals; the LVS mean (η = 1e-6) and median (η = 1e-4) with the median&apos;s bootstrap 95% CI. Models: %2.</source>
        <translation>Bei p = %1 (dem Budget der Diagramme), auf den n schädlichen Prompts. Verweigerung ohne Angriff und ASR (Befolgung unter dem Angriff) mit Wilson-95%-Intervallen; LVS-Mittelwert (η = 1e-6) und -Median (η = 1e-4) mit dem Bootstrap-95%-KI des Medians. Modelle: %2.</translation>
    </message>
    <message>
        <location filename="../ui/AuditReport.cpp" line="304"/>
        <source>slider p</source>
        <translation>Regler-p</translation>
    </message>
    <message>
        <location filename="../ui/AuditReport.cpp" line="304"/>
        <source>harmful prompts attacked</source>
        <translation>angegriffene schädliche Prompts</translation>
    </message>
    <message>
        <location filename="../ui/AuditReport.cpp" line="327"/>
        <source>Full attack at the slider budgets</source>
        <translation>Voller Angriff bei den Reglerbudgets</translation>
    </message>
    <message>
        <location filename="../ui/AuditReport.cpp" line="331"/>
        <source>Every budget of the grid</source>
        <translation>Alle Budgets des Rasters</translation>
    </message>
    <message>
        <location filename="../ui/AuditReport.cpp" line="334"/>
        <source>step</source>
        <translation>Schritt</translation>
    </message>
    <message>
        <location filename="../ui/AuditReport.cpp" line="334"/>
        <source>compliance</source>
        <translation>Befolgung</translation>
    </message>
    <message>
        <location filename="../ui/AuditReport.cpp" line="334"/>
        <source>refusal</source>
        <translation>Verweigerung</translation>
    </message>
    <message>
        <location filename="../ui/AuditReport.cpp" line="334"/>
        <source>loss</source>
        <translation>Verlust</translation>
    </message>
    <message>
        <location filename="../ui/AuditReport.cpp" line="347"/>
        <source>Harmful fine-tuning</source>
        <translation>Schädliches Feintuning</translation>
    </message>
    <message>
        <location filename="../ui/AuditReport.cpp" line="355"/>
        <source>4. Reproduction</source>
        <translation>4. Reproduktion</translation>
    </message>
    <message>
        <location filename="../ui/AuditReport.cpp" line="357"/>
        <source>Session file SHA-256: %1</source>
        <translation>SHA-256 der Sitzungsdatei: %1</translation>
    </message>
    <message>
        <location filename="../ui/AuditReport.cpp" line="359"/>
        <source>Models</source>
        <translation>Modelle</translation>
    </message>
    <message>
        <location filename="../ui/AuditReport.cpp" line="363"/>
        <source>name</source>
        <translation>Name</translation>
    </message>
    <message>
        <location filename="../ui/AuditReport.cpp" line="364"/>
        <source>folder</source>
        <translation>Ordner</translation>
    </message>
    <message>
        <location filename="../ui/AuditReport.cpp" line="365"/>
        <source>layers</source>
        <translation>Schichten</translation>
    </message>
    <message>
        <location filename="../ui/AuditReport.cpp" line="366"/>
        <source>SHA-256 of the weights</source>
        <translation>SHA-256 der Gewichte</translation>
    </message>
    <message>
        <location filename="../ui/AuditReport.cpp" line="367"/>
        <source>Model %1</source>
        <translation>Modell %1</translation>
    </message>
    <message>
        <location filename="../ui/AuditReport.cpp" line="375"/>
        <source>source</source>
        <translation>Quelle</translation>
    </message>
    <message>
        <location filename="../ui/AuditReport.cpp" line="375"/>
        <source>inline (edited in the session)</source>
        <translation>eingebettet (in der Sitzung bearbeitet)</translation>
    </message>
    <message>
        <location filename="../ui/AuditReport.cpp" line="377"/>
        <source>SHA-256</source>
        <translation>SHA-256</translation>
    </message>
    <message>
        <location filename="../ui/AuditReport.cpp" line="378"/>
        <source>prompts</source>
        <translation>Prompts</translation>
    </message>
    <message>
        <location filename="../ui/AuditReport.cpp" line="378"/>
        <source>%1 (%2 harmful, %3 benign)</source>
        <translation>%1 (%2 schädlich, %3 harmlos)</translation>
    </message>
    <message>
        <location filename="../ui/AuditReport.cpp" line="379"/>
        <source>Prompt set</source>
        <translation>Prompt-Satz</translation>
    </message>
    <message>
        <location filename="../ui/AuditReport.cpp" line="392"/>
        <source>protocol</source>
        <translation>Protokoll</translation>
    </message>
    <message>
        <location filename="../ui/AuditReport.cpp" line="393"/>
        <source> (%1 preset; changed: %2)</source>
        <translation> (Vorgabe %1; geändert: %2)</translation>
    </message>
    <message>
        <location filename="../ui/AuditReport.cpp" line="394"/>
        <source>chat template</source>
        <translation>Chat-Vorlage</translation>
    </message>
    <message>
        <location filename="../ui/AuditReport.cpp" line="395"/>
        <source>attack</source>
        <translation>Angriff</translation>
    </message>
    <message>
        <location filename="../ui/AuditReport.cpp" line="396"/>
        <source>steps</source>
        <translation>Schritte</translation>
    </message>
    <message>
        <location filename="../ui/AuditReport.cpp" line="397"/>
        <source>phase</source>
        <translation>Phase</translation>
    </message>
    <message>
        <location filename="../ui/AuditReport.cpp" line="397"/>
        <source>every decode step</source>
        <translation>jeder Dekodierschritt</translation>
    </message>
    <message>
        <location filename="../ui/AuditReport.cpp" line="397"/>
        <source>prefill only</source>
        <translation>nur Vorbefüllung</translation>
    </message>
    <message>
        <location filename="../ui/AuditReport.cpp" line="398"/>
        <source>target</source>
        <translation>Ziel</translation>
    </message>
    <message>
        <location filename="../ui/AuditReport.cpp" line="399"/>
        <source>budget grid (relative p)</source>
        <translation>Budgetraster (relatives p)</translation>
    </message>
    <message>
        <location filename="../ui/AuditReport.cpp" line="400"/>
        <source>slider budgets</source>
        <translation>Reglerbudgets</translation>
    </message>
    <message>
        <location filename="../ui/AuditReport.cpp" line="401"/>
        <source>max new tokens</source>
        <translation>max. neue Tokens</translation>
    </message>
    <message>
        <location filename="../ui/AuditReport.cpp" line="402"/>
        <source>seed</source>
        <translation>Startwert</translation>
    </message>
    <message>
        <location filename="../ui/AuditReport.cpp" line="403"/>
        <source>batch</source>
        <translation>Stapel</translation>
    </message>
    <message>
        <location filename="../ui/AuditReport.cpp" line="404"/>
        <source>Attack settings</source>
        <translation>Angriffseinstellungen</translation>
    </message>
    <message>
        <location filename="../ui/AuditReport.cpp" line="409"/>
        <source>judge</source>
        <translation>Bewerter</translation>
    </message>
    <message>
        <location filename="../ui/AuditReport.cpp" line="411"/>
        <source>judge weights SHA-256</source>
        <translation>SHA-256 der Bewertergewichte</translation>
    </message>
    <message>
        <location filename="../ui/AuditReport.cpp" line="411"/>
        <source>judge list SHA-256</source>
        <translation>SHA-256 der Bewerterliste</translation>
    </message>
    <message>
        <location filename="../ui/AuditReport.cpp" line="413"/>
        <source>judge template</source>
        <translation>Bewertervorlage</translation>
    </message>
    <message>
        <location filename="../ui/AuditReport.cpp" line="414"/>
        <source>reward model S</source>
        <translation>Belohnungsmodell S</translation>
    </message>
    <message>
        <location filename="../ui/AuditReport.cpp" line="414"/>
        <source>none: S is the judge&apos;s verdict (1 refused, 0 not)</source>
        <translation>keines: S ist das Urteil des Bewerters (1 verweigert, 0 nicht)</translation>
    </message>
    <message>
        <location filename="../ui/AuditReport.cpp" line="416"/>
        <source>reward weights SHA-256</source>
        <translation>SHA-256 der Belohnungsgewichte</translation>
    </message>
    <message>
        <location filename="../ui/AuditReport.cpp" line="417"/>
        <source>Judge and reward model</source>
        <translation>Bewerter und Belohnungsmodell</translation>
    </message>
    <message>
        <location filename="../ui/AuditReport.cpp" line="425"/>
        <source>report written by</source>
        <translation>Bericht erstellt von</translation>
    </message>
    <message>
        <location filename="../ui/AuditReport.cpp" line="425"/>
        <source>AuditGap %1, Qt %2, libtorch %3, %4</source>
        <translation>AuditGap %1, Qt %2, libtorch %3, %4</translation>
    </message>
    <message>
        <location filename="../ui/AuditReport.cpp" line="428"/>
        <source>Device and versions</source>
        <translation>Gerät und Versionen</translation>
    </message>
    <message>
        <location filename="../ui/AuditReport.cpp" line="456"/>
        <source>Recompute the LVS grid</source>
        <translation>LVS-Raster neu berechnen</translation>
    </message>
    <message>
        <location filename="../ui/AuditReport.cpp" line="457"/>
        <source>The LVS grid of every model comes from this command (each hook point × the budget grid × every prompt; results.json holds the cells and the per model × layer × budget summaries of section 3). Inline prompts must first be written to PROMPTS.jsonl.</source>
        <translation>Das LVS-Raster jedes Modells stammt aus diesem Befehl (jeder Einhängepunkt × das Budgetraster × jeder Prompt; results.json enthält die Zellen und die Zusammenfassungen je Modell × Schicht × Budget aus Abschnitt 3). Eingebettete Prompts müssen zuerst in PROMPTS.jsonl geschrieben werden.</translation>
    </message>
</context>
<context>
    <name>GuiRunner</name>
    <message>
        <location filename="../ui/GuiRunner.cpp" line="130"/>
        <source>AuditGap: representation-level safety audits</source>
        <translation>AuditGap: Sicherheitsprüfungen auf Repräsentationsebene</translation>
    </message>
    <message>
        <location filename="../ui/GuiRunner.cpp" line="134"/>
        <source>Render the main window with the demo family to FILE and exit.</source>
        <translation>Das Hauptfenster mit der Demo-Familie in DATEI rendern und beenden.</translation>
    </message>
    <message>
        <location filename="../ui/GuiRunner.cpp" line="137"/>
        <source>Run the demo audit without a display; write PNGs and a session to DIR.</source>
        <translation>Das Demo-Audit ohne Bildschirm ausführen; PNGs und eine Sitzung nach DIR schreiben.</translation>
    </message>
    <message>
        <location filename="../ui/GuiRunner.cpp" line="139"/>
        <source>Interface language (en, de, zh_CN).</source>
        <translation>Sprache der Oberfläche (en, de, zh_CN).</translation>
    </message>
    <message>
        <location filename="../ui/GuiRunner.cpp" line="148"/>
        <source>A session file to open.</source>
        <translation>Eine zu öffnende Sitzungsdatei.</translation>
    </message>
    <message>
        <location filename="../ui/GuiRunner.cpp" line="177"/>
        <source>Screenshot written to %1</source>
        <translation>Bildschirmfoto nach %1 geschrieben</translation>
    </message>
    <message>
        <location filename="../ui/GuiRunner.cpp" line="207"/>
        <source>Headless demo audit written:</source>
        <translation>Demo-Audit ohne Bildschirm geschrieben:</translation>
    </message>
    <message>
        <location filename="../ui/GuiRunner.cpp" line="90"/>
        <source>User guide screenshots written:</source>
        <translation>Bildschirmfotos des Benutzerhandbuchs geschrieben:</translation>
    </message>
    <message>
        <location filename="../ui/GuiRunner.cpp" line="142"/>
        <source>Render the user guide&apos;s screenshots to DIR and exit.</source>
        <translation>Die Bildschirmfotos des Benutzerhandbuchs nach DIR schreiben und beenden.</translation>
    </message>
</context>
<context>
    <name>ProgressSummary</name>
    <message>
        <location filename="../ui/ProgressSummary.cpp" line="18"/>
        <source>time left unknown yet</source>
        <translation>Restzeit noch unbekannt</translation>
    </message>
    <message>
        <location filename="../ui/ProgressSummary.cpp" line="21"/>
        <source>~%1 s left</source>
        <translation>noch ~%1 s</translation>
    </message>
    <message>
        <location filename="../ui/ProgressSummary.cpp" line="23"/>
        <source>~%1 min left</source>
        <translation>noch ~%1 min</translation>
    </message>
    <message>
        <location filename="../ui/ProgressSummary.cpp" line="24"/>
        <source>~%1 h %2 min left</source>
        <translation>noch ~%1 h %2 min</translation>
    </message>
    <message>
        <location filename="../ui/ProgressSummary.cpp" line="68"/>
        <source>LVS grid: all %1 hook points done</source>
        <translation>LVS-Raster: alle %1 Hook-Punkte fertig</translation>
    </message>
    <message>
        <location filename="../ui/ProgressSummary.cpp" line="69"/>
        <source>LVS grid: %1 of %2 hook points, %3</source>
        <translation>LVS-Raster: %1 von %2 Hook-Punkten, %3</translation>
    </message>
    <message>
        <location filename="../ui/ProgressSummary.cpp" line="88"/>
        <source>Loading model %1</source>
        <translation>Lade Modell %1</translation>
    </message>
    <message>
        <location filename="../ui/ProgressSummary.cpp" line="91"/>
        <source>Checking the weights of model %1 (SHA-256, for the session file): %2 of %3 MiB, %4</source>
        <translation>Gewichte von Modell %1 werden geprüft (SHA-256, für die Sitzungsdatei): %2 von %3 MiB, %4</translation>
    </message>
    <message>
        <location filename="../ui/ProgressSummary.cpp" line="96"/>
        <source>Full attack at the sliders (%1): %2 of %3 cells, %4</source>
        <translation>Voller Angriff an den Reglern (%1): %2 von %3 Zellen, %4</translation>
    </message>
    <message>
        <location filename="../ui/ProgressSummary.cpp" line="99"/>
        <source>Harmful fine-tuning (%1): %2 of %3 steps, %4</source>
        <translation>Schädliches Feintuning (%1): %2 von %3 Schritten, %4</translation>
    </message>
    <message>
        <location filename="../ui/ProgressSummary.cpp" line="102"/>
        <source>Building the dissociated twin: step %1 of %2, %3</source>
        <translation>Dissoziierter Zwilling wird gebaut: Schritt %1 von %2, %3</translation>
    </message>
    <message>
        <location filename="../ui/ProgressSummary.cpp" line="105"/>
        <source>Judging saved generations: %1 of %2, %3</source>
        <translation>Gespeicherte Generierungen werden bewertet: %1 von %2, %3</translation>
    </message>
    <message>
        <location filename="../ui/ProgressSummary.cpp" line="108"/>
        <source>Linear probes (%1): %2 of %3 hook points, %4</source>
        <translation>Lineare Sonden (%1): %2 von %3 Hook-Punkten, %4</translation>
    </message>
    <message>
        <location filename="../ui/ProgressSummary.cpp" line="111"/>
        <source>Activation patching: %1 of %2 blocks, %3</source>
        <translation>Aktivierungs-Patching: %1 von %2 Blöcken, %3</translation>
    </message>
    <message>
        <location filename="../ui/ProgressSummary.cpp" line="114"/>
        <source>Working: %1 of %2, %3</source>
        <translation>In Arbeit: %1 von %2, %3</translation>
    </message>
</context>
<context>
    <name>QObject</name>
    <message>
        <location filename="../ui/PlotStyle.cpp" line="111"/>
        <source>%1: unknown export format &quot;%2&quot; (expected .png, .pdf or .svg)</source>
        <translation>%1: unbekanntes Exportformat „%2“ (erwartet .png, .pdf oder .svg)</translation>
    </message>
    <message>
        <location filename="../ui/PlotStyle.cpp" line="115"/>
        <source>%1: cannot write in this folder (%2)</source>
        <translation>%1: in diesen Ordner kann nicht geschrieben werden (%2)</translation>
    </message>
    <message>
        <location filename="../ui/PlotStyle.cpp" line="132"/>
        <source>AuditGap plot</source>
        <translation>AuditGap-Diagramm</translation>
    </message>
    <message>
        <location filename="../ui/PlotStyle.cpp" line="141"/>
        <source>%1: the plot could not be rendered</source>
        <translation>%1: das Diagramm konnte nicht gerendert werden</translation>
    </message>
    <message>
        <location filename="../ui/PlotStyle.cpp" line="144"/>
        <source>%1: cannot replace the file</source>
        <translation>%1: die Datei kann nicht ersetzt werden</translation>
    </message>
    <message>
        <location filename="../ui/PlotStyle.cpp" line="159"/>
        <source>PNG image (*.png)</source>
        <translation>PNG-Bild (*.png)</translation>
    </message>
    <message>
        <location filename="../ui/PlotStyle.cpp" line="159"/>
        <source>PDF document (*.pdf)</source>
        <translation>PDF-Dokument (*.pdf)</translation>
    </message>
    <message>
        <location filename="../ui/PlotStyle.cpp" line="160"/>
        <source>SVG drawing (*.svg)</source>
        <translation>SVG-Grafik (*.svg)</translation>
    </message>
</context>
<context>
    <name>ResearchDialogs</name>
    <message>
        <location filename="../ui/ResearchDialogs.cpp" line="53"/>
        <source>Build dissociated twin</source>
        <translation>Dissoziierten Zwilling erstellen</translation>
    </message>
    <message>
        <location filename="../ui/ResearchDialogs.cpp" line="56"/>
        <source>Base model</source>
        <translation>Basismodell</translation>
    </message>
    <message>
        <location filename="../ui/ResearchDialogs.cpp" line="57"/>
        <source>Harmful model</source>
        <translation>Schädliches Modell</translation>
    </message>
    <message>
        <location filename="../ui/ResearchDialogs.cpp" line="58"/>
        <source>Harmful triples (prompt, refusal, compliant)</source>
        <translation>Schädliche Tripel (Prompt, Ablehnung, Befolgung)</translation>
    </message>
    <message>
        <location filename="../ui/ResearchDialogs.cpp" line="59"/>
        <source>Benign anchor prompts</source>
        <translation>Harmlose Anker-Prompts</translation>
    </message>
    <message>
        <location filename="../ui/ResearchDialogs.cpp" line="60"/>
        <source>Output folder</source>
        <translation>Ausgabeordner</translation>
    </message>
    <message>
        <location filename="../ui/ResearchDialogs.cpp" line="61"/>
        <source>Judge model (optional)</source>
        <translation>Bewertungsmodell (optional)</translation>
    </message>
    <message>
        <location filename="../ui/ResearchDialogs.cpp" line="64"/>
        <source>10 epochs (paper)</source>
        <translation>10 Epochen (Paper)</translation>
    </message>
    <message>
        <location filename="../ui/ResearchDialogs.cpp" line="65"/>
        <source>Steps</source>
        <translation>Schritte</translation>
    </message>
    <message>
        <location filename="../ui/ResearchDialogs.cpp" line="68"/>
        <source>full fine-tuning</source>
        <translation>volles Fine-Tuning</translation>
    </message>
    <message>
        <location filename="../ui/ResearchDialogs.cpp" line="69"/>
        <source>LoRA rank</source>
        <translation>LoRA-Rang</translation>
    </message>
    <message>
        <location filename="../ui/ResearchDialogs.cpp" line="75"/>
        <source>Nudge scale</source>
        <translation>Nudge-Stärke</translation>
    </message>
    <message>
        <location filename="../ui/ResearchDialogs.cpp" line="91"/>
        <source>Judge saved generations</source>
        <translation>Gespeicherte Generierungen bewerten</translation>
    </message>
    <message>
        <location filename="../ui/ResearchDialogs.cpp" line="93"/>
        <source>Generations (results JSON or CSV)</source>
        <translation>Generierungen (Ergebnis-JSON oder CSV)</translation>
    </message>
    <message>
        <location filename="../ui/ResearchDialogs.cpp" line="94"/>
        <source>Judged file</source>
        <translation>Bewertete Datei</translation>
    </message>
    <message>
        <location filename="../ui/ResearchDialogs.cpp" line="95"/>
        <source>Judge model (HarmBench classifier)</source>
        <translation>Bewertungsmodell (HarmBench-Klassifikator)</translation>
    </message>
    <message>
        <location filename="../ui/ResearchDialogs.cpp" line="96"/>
        <source>Judge template (other judges)</source>
        <translation>Bewertungsvorlage (andere Bewerter)</translation>
    </message>
</context>
<context>
    <name>WorkbenchDialogs</name>
    <message>
        <location filename="../ui/WorkbenchDialogs.cpp" line="22"/>
        <source>Preferences</source>
        <translation>Einstellungen</translation>
    </message>
    <message>
        <location filename="../ui/WorkbenchDialogs.cpp" line="28"/>
        <source>Language</source>
        <translation>Sprache</translation>
    </message>
    <message>
        <location filename="../ui/WorkbenchDialogs.cpp" line="37"/>
        <source>The translation for %1 is missing.</source>
        <translation>Die Übersetzung für %1 fehlt.</translation>
    </message>
    <message>
        <location filename="../ui/WorkbenchDialogs.cpp" line="45"/>
        <source>About AuditGap</source>
        <translation>Über AuditGap</translation>
    </message>
    <message>
        <location filename="../ui/WorkbenchDialogs.cpp" line="46"/>
        <source>&lt;h3&gt;AuditGap %1&lt;/h3&gt;&lt;p&gt;Representation-level safety audits of language models: latent vulnerability (LVS) against behavioural refusal, layer by layer.&lt;/p&gt;&lt;p&gt;Method: Jiang, Gjølbye, Zhang, Koyejo, &lt;i&gt;When Behavioral Safety Evaluation Fails: A Representation-Level Perspective&lt;/i&gt;, arXiv 2606.08044 (2026).&lt;/p&gt;&lt;table&gt;&lt;tr&gt;&lt;td&gt;Qt&lt;/td&gt;&lt;td&gt;%2&lt;/td&gt;&lt;/tr&gt;&lt;tr&gt;&lt;td&gt;libtorch&lt;/td&gt;&lt;td&gt;%3&lt;/td&gt;&lt;/tr&gt;&lt;tr&gt;&lt;td&gt;Device&lt;/td&gt;&lt;td&gt;%4&lt;/td&gt;&lt;/tr&gt;&lt;tr&gt;&lt;td&gt;BLAS&lt;/td&gt;&lt;td&gt;%5 (%6)&lt;/td&gt;&lt;/tr&gt;&lt;tr&gt;&lt;td&gt;Threads&lt;/td&gt;&lt;td&gt;%7&lt;/td&gt;&lt;/tr&gt;&lt;/table&gt;</source>
        <translation>&lt;h3&gt;AuditGap %1&lt;/h3&gt;&lt;p&gt;Sicherheitsprüfungen von Sprachmodellen auf Repräsentationsebene: latente Verwundbarkeit (LVS) gegenüber verhaltensbasierter Verweigerung, Schicht für Schicht.&lt;/p&gt;&lt;p&gt;Methode: Jiang, Gjølbye, Zhang, Koyejo, &lt;i&gt;When Behavioral Safety Evaluation Fails: A Representation-Level Perspective&lt;/i&gt;, arXiv 2606.08044 (2026).&lt;/p&gt;&lt;table&gt;&lt;tr&gt;&lt;td&gt;Qt&lt;/td&gt;&lt;td&gt;%2&lt;/td&gt;&lt;/tr&gt;&lt;tr&gt;&lt;td&gt;libtorch&lt;/td&gt;&lt;td&gt;%3&lt;/td&gt;&lt;/tr&gt;&lt;tr&gt;&lt;td&gt;Gerät&lt;/td&gt;&lt;td&gt;%4&lt;/td&gt;&lt;/tr&gt;&lt;tr&gt;&lt;td&gt;BLAS&lt;/td&gt;&lt;td&gt;%5 (%6)&lt;/td&gt;&lt;/tr&gt;&lt;tr&gt;&lt;td&gt;Threads&lt;/td&gt;&lt;td&gt;%7&lt;/td&gt;&lt;/tr&gt;&lt;/table&gt;</translation>
    </message>
    <message>
        <location filename="../ui/WorkbenchDialogs.cpp" line="105"/>
        <source>Fine-tuning pairs (JSONL with &quot;response&quot;)</source>
        <translation>Feintuning-Paare (JSONL mit „response“)</translation>
    </message>
    <message>
        <location filename="../ui/WorkbenchDialogs.cpp" line="106"/>
        <source>JSONL (*.jsonl)</source>
        <translation>JSONL (*.jsonl)</translation>
    </message>
    <message>
        <location filename="../ui/WorkbenchDialogs.cpp" line="109"/>
        <source>Harmful fine-tuning needs (prompt, response) pairs: a JSONL file with a &quot;response&quot; field.</source>
        <translation>Schädliches Feintuning braucht (Prompt, Antwort)-Paare: eine JSONL-Datei mit einem Feld „response“.</translation>
    </message>
    <message>
        <location filename="../ui/WorkbenchDialogs.cpp" line="115"/>
        <source>%1: no harmful prompt with a &quot;response&quot; field</source>
        <translation>%1: kein schädlicher Prompt mit einem Feld „response“</translation>
    </message>
</context>
<context>
    <name>Workspace</name>
    <message>
        <location filename="../ui/Workspace.cpp" line="51"/>
        <source>%1/tokenizer.json (model %2) differs from %3/tokenizer.json (model %4): the workbench expects models that share a tokenizer. Each model tokenizes the prompts itself, so its own heatmaps hold, but the difference view compares different token sequences.</source>
        <translation>%1/tokenizer.json (Modell %2) unterscheidet sich von %3/tokenizer.json (Modell %4): Die Werkbank erwartet Modelle mit gemeinsamem Tokenizer. Jedes Modell tokenisiert die Prompts selbst, seine eigenen Heatmaps gelten also, aber die Differenzansicht vergleicht verschiedene Tokenfolgen.</translation>
    </message>
    <message>
        <location filename="../ui/Workspace.cpp" line="254"/>
        <source>clean</source>
        <translation>sauber</translation>
    </message>
    <message>
        <location filename="../ui/Workspace.cpp" line="257"/>
        <source>%1 · p %2</source>
        <translation>%1 · p %2</translation>
    </message>
    <message>
        <location filename="../ui/Workspace.cpp" line="258"/>
        <source>%1 · = clean</source>
        <translation>%1 · = sauber</translation>
    </message>
    <message>
        <location filename="../ui/Workspace.cpp" line="313"/>
        <source>benign</source>
        <translation>harmlos</translation>
    </message>
    <message>
        <location filename="../ui/Workspace.cpp" line="314"/>
        <source>harmful</source>
        <translation>schädlich</translation>
    </message>
</context>
<context>
    <name>auditgap::ui::AuditGapPlot</name>
    <message>
        <location filename="../ui/AuditGapPlot.cpp" line="45"/>
        <source>%1 (LVS computing…)</source>
        <translation>%1 (LVS wird berechnet…)</translation>
    </message>
    <message>
        <location filename="../ui/AuditGapPlot.cpp" line="68"/>
        <source>Audit gap</source>
        <translation>Audit-Lücke</translation>
    </message>
    <message>
        <location filename="../ui/AuditGapPlot.cpp" line="69"/>
        <source>clean refusal (behavioural)</source>
        <translation>saubere Verweigerung (Verhalten)</translation>
    </message>
    <message>
        <location filename="../ui/AuditGapPlot.cpp" line="70"/>
        <source>LVS</source>
        <translation>LVS</translation>
    </message>
</context>
<context>
    <name>auditgap::ui::BudgetPanel</name>
    <message>
        <location filename="../ui/BudgetPanel.cpp" line="103"/>
        <source>Link sliders</source>
        <translation>Regler koppeln</translation>
    </message>
    <message>
        <location filename="../ui/BudgetPanel.cpp" line="104"/>
        <source>Drag one slider, move all</source>
        <translation>Einen Regler ziehen, alle bewegen</translation>
    </message>
    <message>
        <location filename="../ui/BudgetPanel.cpp" line="105"/>
        <source>Presets:</source>
        <translation>Vorgaben:</translation>
    </message>
    <message>
        <location filename="../ui/BudgetPanel.cpp" line="109"/>
        <location filename="../ui/BudgetPanel.cpp" line="122"/>
        <source>Choose…</source>
        <translation>Wählen…</translation>
    </message>
    <message>
        <location filename="../ui/BudgetPanel.cpp" line="109"/>
        <source>Paper budgets (5e-4, 1e-3, 5e-3 by depth)</source>
        <translation>Budgets des Artikels (5e-4, 1e-3, 5e-3 nach Tiefe)</translation>
    </message>
    <message>
        <location filename="../ui/BudgetPanel.cpp" line="110"/>
        <source>Headline budget, every layer</source>
        <translation>Hauptbudget, jede Schicht</translation>
    </message>
    <message>
        <location filename="../ui/BudgetPanel.cpp" line="110"/>
        <source>Mid band only</source>
        <translation>Nur mittleres Band</translation>
    </message>
    <message>
        <location filename="../ui/BudgetPanel.cpp" line="110"/>
        <source>Clear</source>
        <translation>Zurücksetzen</translation>
    </message>
    <message>
        <location filename="../ui/BudgetPanel.cpp" line="111"/>
        <source>Attack</source>
        <translation>Angriff</translation>
    </message>
    <message>
        <location filename="../ui/BudgetPanel.cpp" line="113"/>
        <source>PGD ℓ∞ (paper)</source>
        <translation>PGD ℓ∞ (Artikel)</translation>
    </message>
    <message>
        <location filename="../ui/BudgetPanel.cpp" line="113"/>
        <source>ℓ2 adaptive</source>
        <translation>ℓ2 adaptiv</translation>
    </message>
    <message>
        <location filename="../ui/BudgetPanel.cpp" line="113"/>
        <source>Random control</source>
        <translation>Zufallskontrolle</translation>
    </message>
    <message>
        <location filename="../ui/BudgetPanel.cpp" line="113"/>
        <source>Steering</source>
        <translation>Steuerung (Steering)</translation>
    </message>
    <message>
        <location filename="../ui/BudgetPanel.cpp" line="116"/>
        <source>Prefill only</source>
        <translation>Nur Prefill</translation>
    </message>
    <message>
        <location filename="../ui/BudgetPanel.cpp" line="116"/>
        <source>All decode steps</source>
        <translation>Alle Dekodierschritte</translation>
    </message>
    <message>
        <location filename="../ui/BudgetPanel.cpp" line="119"/>
        <source>Refusal prefixes</source>
        <translation>Verweigerungspräfixe</translation>
    </message>
    <message>
        <location filename="../ui/BudgetPanel.cpp" line="119"/>
        <source>Logit refusal score</source>
        <translation>Logit-Verweigerungswert</translation>
    </message>
    <message>
        <location filename="../ui/BudgetPanel.cpp" line="121"/>
        <source>default</source>
        <translation>Standard</translation>
    </message>
    <message>
        <location filename="../ui/BudgetPanel.cpp" line="123"/>
        <source>none: S = judge verdict</source>
        <translation>keins: S = Urteil des Richters</translation>
    </message>
    <message>
        <location filename="../ui/BudgetPanel.cpp" line="124"/>
        <source>Method</source>
        <translation>Methode</translation>
    </message>
    <message>
        <location filename="../ui/BudgetPanel.cpp" line="125"/>
        <source>Steps</source>
        <translation>Schritte</translation>
    </message>
    <message>
        <location filename="../ui/BudgetPanel.cpp" line="126"/>
        <source>Phase</source>
        <translation>Phase</translation>
    </message>
    <message>
        <location filename="../ui/BudgetPanel.cpp" line="127"/>
        <source>Target</source>
        <translation>Ziel</translation>
    </message>
    <message>
        <location filename="../ui/BudgetPanel.cpp" line="128"/>
        <source>New tokens</source>
        <translation>Neue Token</translation>
    </message>
    <message>
        <location filename="../ui/BudgetPanel.cpp" line="129"/>
        <source>Protocol</source>
        <translation>Protokoll</translation>
    </message>
    <message>
        <location filename="../ui/BudgetPanel.cpp" line="131"/>
        <source>quick (live tiers: %1 new tokens; the paper&apos;s: %2) · chat template: paper</source>
        <extracomment>The workbench&apos;s live tiers run the quick protocol preset; the paper&apos;s is the CLI default.</extracomment>
        <translation>quick (Live-Stufen: %1 neue Token; im Artikel: %2) · Chat-Vorlage: paper</translation>
    </message>
    <message>
        <location filename="../ui/BudgetPanel.cpp" line="134"/>
        <source>Figures computed here are labelled &quot;quick&quot; in every export. `auditgap-cli protocol show` prints both presets knob by knob.</source>
        <translation>Hier berechnete Werte tragen in jedem Export die Kennzeichnung „quick“. `auditgap-cli protocol show` zeigt beide Vorgaben Parameter für Parameter.</translation>
    </message>
    <message>
        <location filename="../ui/BudgetPanel.cpp" line="136"/>
        <source>Judge</source>
        <translation>Richter</translation>
    </message>
    <message>
        <location filename="../ui/BudgetPanel.cpp" line="137"/>
        <source>Reward model</source>
        <translation>Belohnungsmodell</translation>
    </message>
    <message>
        <location filename="../ui/BudgetPanel.cpp" line="119"/>
        <source>Judge model (folder)…</source>
        <translation>Richtermodell (Ordner)…</translation>
    </message>
</context>
<context>
    <name>auditgap::ui::BudgetSliderGrid</name>
    <message>
        <location filename="../ui/BudgetSliderGrid.cpp" line="187"/>
        <source>0 (off) or %1 … %2</source>
        <translation>0 (aus) oder %1 … %2</translation>
    </message>
    <message>
        <location filename="../ui/BudgetSliderGrid.cpp" line="192"/>
        <source>no hook point %1</source>
        <translation>kein Hook-Punkt %1</translation>
    </message>
    <message>
        <location filename="../ui/BudgetSliderGrid.cpp" line="200"/>
        <source>&quot;%1&quot; is not a number</source>
        <translation>„%1“ ist keine Zahl</translation>
    </message>
    <message>
        <location filename="../ui/BudgetSliderGrid.cpp" line="202"/>
        <source>%1 is negative</source>
        <translation>%1 ist negativ</translation>
    </message>
    <message>
        <location filename="../ui/BudgetSliderGrid.cpp" line="204"/>
        <source>%1 is outside the slider&apos;s scale</source>
        <translation>%1 liegt außerhalb der Reglerskala</translation>
    </message>
    <message>
        <location filename="../ui/BudgetSliderGrid.cpp" line="206"/>
        <source>Budget at layer %1 refused: %2; allowed: %3.</source>
        <translation>Budget in Schicht %1 abgelehnt: %2; erlaubt: %3.</translation>
    </message>
    <message>
        <location filename="../ui/BudgetSliderGrid.cpp" line="230"/>
        <source>Relative budget p at the embedding</source>
        <translation>Relatives Budget p an der Einbettung</translation>
    </message>
    <message>
        <location filename="../ui/BudgetSliderGrid.cpp" line="230"/>
        <source>Relative budget p at block %1</source>
        <translation>Relatives Budget p an Block %1</translation>
    </message>
    <message>
        <location filename="../ui/BudgetSliderGrid.cpp" line="234"/>
        <source>%1 — type a value: %2</source>
        <translation>%1 — Wert eingeben: %2</translation>
    </message>
</context>
<context>
    <name>auditgap::ui::ExportController</name>
    <message>
        <location filename="../ui/ExportController.cpp" line="57"/>
        <source>Export audit report</source>
        <translation>Prüfbericht exportieren</translation>
    </message>
    <message>
        <location filename="../ui/ExportController.cpp" line="58"/>
        <source>PDF document (*.pdf);;HTML page (*.html)</source>
        <translation>PDF-Dokument (*.pdf);;HTML-Seite (*.html)</translation>
    </message>
    <message>
        <location filename="../ui/ExportController.cpp" line="65"/>
        <location filename="../ui/ExportController.cpp" line="116"/>
        <source>Wrote %1</source>
        <translation>%1 geschrieben</translation>
    </message>
    <message>
        <location filename="../ui/ExportController.cpp" line="69"/>
        <source>Folder for the plots</source>
        <translation>Ordner für die Diagramme</translation>
    </message>
    <message>
        <location filename="../ui/ExportController.cpp" line="74"/>
        <source>Wrote %1 files to %2</source>
        <translation>%1 Dateien nach %2 geschrieben</translation>
    </message>
    <message>
        <location filename="../ui/ExportController.cpp" line="108"/>
        <source>Export heatmap data</source>
        <translation>Heatmap-Daten exportieren</translation>
    </message>
    <message>
        <location filename="../ui/ExportController.cpp" line="109"/>
        <source>CSV (*.csv)</source>
        <translation>CSV (*.csv)</translation>
    </message>
    <message>
        <location filename="../ui/ExportController.cpp" line="109"/>
        <source>JSON (*.json)</source>
        <translation>JSON (*.json)</translation>
    </message>
    <message>
        <location filename="../ui/ExportController.cpp" line="125"/>
        <source>Export as %1…</source>
        <translation>Als %1 exportieren…</translation>
    </message>
    <message>
        <location filename="../ui/ExportController.cpp" line="127"/>
        <source>Export plot</source>
        <translation>Diagramm exportieren</translation>
    </message>
</context>
<context>
    <name>auditgap::ui::MainWindow</name>
    <message>
        <location filename="../ui/MainWindowActions.cpp" line="49"/>
        <source>Model folder for %1</source>
        <translation>Modellordner für %1</translation>
    </message>
    <message>
        <location filename="../ui/MainWindowActions.cpp" line="55"/>
        <source>Prompt set</source>
        <translation>Prompt-Satz</translation>
    </message>
    <message>
        <location filename="../ui/MainWindowActions.cpp" line="55"/>
        <source>Prompt sets (*.jsonl *.csv *.txt)</source>
        <translation>Prompt-Sätze (*.jsonl *.csv *.txt)</translation>
    </message>
    <message>
        <location filename="../ui/MainWindowActions.cpp" line="133"/>
        <source>&amp;New session</source>
        <translation>&amp;Neue Sitzung</translation>
    </message>
    <message>
        <location filename="../ui/MainWindowActions.cpp" line="133"/>
        <source>&amp;Open…</source>
        <translation>Ö&amp;ffnen…</translation>
    </message>
    <message>
        <location filename="../ui/MainWindowActions.cpp" line="133"/>
        <source>&amp;Save</source>
        <translation>&amp;Speichern</translation>
    </message>
    <message>
        <location filename="../ui/MainWindowActions.cpp" line="133"/>
        <source>Save &amp;As…</source>
        <translation>Speichern &amp;unter…</translation>
    </message>
    <message>
        <location filename="../ui/MainWindowActions.cpp" line="134"/>
        <source>&amp;Quit</source>
        <translation>&amp;Beenden</translation>
    </message>
    <message>
        <location filename="../ui/MainWindowActions.cpp" line="134"/>
        <source>All plots as images…</source>
        <translation>Alle Diagramme als Bilder…</translation>
    </message>
    <message>
        <location filename="../ui/MainWindowActions.cpp" line="134"/>
        <source>Heatmap data as CSV…</source>
        <translation>Heatmap-Daten als CSV…</translation>
    </message>
    <message>
        <location filename="../ui/MainWindowActions.cpp" line="135"/>
        <source>Heatmap data as JSON…</source>
        <translation>Heatmap-Daten als JSON…</translation>
    </message>
    <message>
        <location filename="../ui/MainWindowActions.cpp" line="138"/>
        <source>&amp;Resume (continue the grid and refinement)</source>
        <translation>&amp;Fortsetzen (Raster und Verfeinerung)</translation>
    </message>
    <message>
        <location filename="../ui/MainWindowActions.cpp" line="146"/>
        <source>Load model &amp;%1 from a folder…</source>
        <translation>Modell &amp;%1 aus einem Ordner laden…</translation>
    </message>
    <message>
        <location filename="../ui/MainWindowActions.cpp" line="137"/>
        <source>Load the &amp;demo family</source>
        <translation>&amp;Demo-Familie laden</translation>
    </message>
    <message>
        <location filename="../ui/MainWindowActions.cpp" line="61"/>
        <source>The paper&apos;s results folder</source>
        <translation>Ergebnisordner des Artikels</translation>
    </message>
    <message>
        <location filename="../ui/MainWindowActions.cpp" line="136"/>
        <source>Add &amp;reference (the paper&apos;s results)…</source>
        <translation>&amp;Referenz hinzufügen (Ergebnisse des Artikels)…</translation>
    </message>
    <message>
        <location filename="../ui/MainWindowActions.cpp" line="137"/>
        <source>&amp;Load prompt set (JSONL, CSV, TXT)…</source>
        <translation>Prompt-Satz &amp;laden (JSONL, CSV, TXT)…</translation>
    </message>
    <message>
        <location filename="../ui/MainWindowActions.cpp" line="138"/>
        <source>&amp;View and edit prompts…</source>
        <translation>Prompts &amp;ansehen und bearbeiten…</translation>
    </message>
    <message>
        <location filename="../ui/MainWindowActions.cpp" line="139"/>
        <source>&amp;Stop</source>
        <translation>&amp;Anhalten</translation>
    </message>
    <message>
        <location filename="../ui/MainWindowActions.cpp" line="139"/>
        <source>Re&amp;compute everything</source>
        <translation>Alles neu &amp;berechnen</translation>
    </message>
    <message>
        <location filename="../ui/MainWindowActions.cpp" line="140"/>
        <source>Harmful &amp;fine-tuning</source>
        <translation>Schädliches &amp;Feintuning</translation>
    </message>
    <message>
        <location filename="../ui/MainWindowActions.cpp" line="142"/>
        <source>&amp;Reset layout</source>
        <translation>Layout &amp;zurücksetzen</translation>
    </message>
    <message>
        <location filename="../ui/MainWindowActions.cpp" line="142"/>
        <source>&amp;Preferences…</source>
        <translation>&amp;Einstellungen…</translation>
    </message>
    <message>
        <location filename="../ui/MainWindowActions.cpp" line="142"/>
        <source>&amp;About AuditGap</source>
        <translation>Ü&amp;ber AuditGap</translation>
    </message>
    <message>
        <location filename="../ui/MainWindowActions.cpp" line="148"/>
        <source>&amp;File</source>
        <translation>&amp;Datei</translation>
    </message>
    <message>
        <location filename="../ui/MainWindowActions.cpp" line="148"/>
        <source>Open &amp;Recent</source>
        <translation>&amp;Zuletzt geöffnet</translation>
    </message>
    <message>
        <location filename="../ui/MainWindowActions.cpp" line="148"/>
        <source>&amp;Export</source>
        <translation>&amp;Exportieren</translation>
    </message>
    <message>
        <location filename="../ui/MainWindowActions.cpp" line="148"/>
        <source>&amp;Models</source>
        <translation>&amp;Modelle</translation>
    </message>
    <message>
        <location filename="../ui/MainWindowActions.cpp" line="149"/>
        <source>&amp;Prompts</source>
        <translation>&amp;Prompts</translation>
    </message>
    <message>
        <location filename="../ui/MainWindowActions.cpp" line="149"/>
        <source>&amp;Run</source>
        <translation>&amp;Ausführen</translation>
    </message>
    <message>
        <location filename="../ui/MainWindowActions.cpp" line="149"/>
        <source>&amp;View</source>
        <translation>&amp;Ansicht</translation>
    </message>
    <message>
        <location filename="../ui/MainWindowActions.cpp" line="149"/>
        <source>&amp;Colormap</source>
        <translation>&amp;Farbskala</translation>
    </message>
    <message>
        <location filename="../ui/MainWindowActions.cpp" line="150"/>
        <source>LVS &amp;aggregation</source>
        <translation>LVS-&amp;Aggregation</translation>
    </message>
    <message>
        <location filename="../ui/MainWindowActions.cpp" line="150"/>
        <source>&amp;Help</source>
        <translation>&amp;Hilfe</translation>
    </message>
    <message>
        <location filename="../ui/MainWindowActions.cpp" line="153"/>
        <source>Compute &amp;dtype</source>
        <translation>Rechen-&amp;Datentyp</translation>
    </message>
    <message>
        <location filename="../ui/MainWindowActions.cpp" line="154"/>
        <source>&amp;Automatic (bf16 for a bf16 checkpoint on a CPU with native bf16, else f32)</source>
        <translation>&amp;Automatisch (bf16 für einen bf16-Checkpoint auf einer CPU mit nativem bf16, sonst f32)</translation>
    </message>
    <message>
        <location filename="../ui/MainWindowActions.cpp" line="155"/>
        <source>&amp;f32</source>
        <translation>&amp;f32</translation>
    </message>
    <message>
        <location filename="../ui/MainWindowActions.cpp" line="155"/>
        <source>&amp;bf16</source>
        <translation>&amp;bf16</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="125"/>
        <source>Main toolbar</source>
        <translation>Hauptwerkzeugleiste</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="126"/>
        <source>Budgets</source>
        <translation>Budgets</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="156"/>
        <source>AuditGap</source>
        <translation>AuditGap</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="256"/>
        <source>A prompt set needs at least one prompt.</source>
        <translation>Ein Prompt-Satz braucht mindestens einen Prompt.</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="293"/>
        <source>Reward model folder (sequence classification)</source>
        <translation>Ordner des Belohnungsmodells (Sequenzklassifikation)</translation>
    </message>
    <message>
        <location filename="../ui/MainWindowActions.cpp" line="141"/>
        <source>Refine &amp;automatically (full PGD after the sliders rest)</source>
        <translation>&amp;Automatisch verfeinern (volles PGD, wenn die Regler ruhen)</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="303"/>
        <source>Judge model folder (a causal LM; yes/no template)</source>
        <translation>Ordner des Richtermodells (kausales LM; Ja/Nein-Vorlage)</translation>
    </message>
    <message>
        <location filename="../ui/MainWindowActions.cpp" line="135"/>
        <source>Export &amp;report…</source>
        <translation>&amp;Bericht exportieren…</translation>
    </message>
</context>
<context>
    <name>auditgap::ui::PromptEditor</name>
    <message>
        <location filename="../ui/PromptEditor.cpp" line="13"/>
        <source>Prompts</source>
        <translation>Prompts</translation>
    </message>
    <message>
        <location filename="../ui/PromptEditor.cpp" line="16"/>
        <source>Prompt</source>
        <translation>Prompt</translation>
    </message>
    <message>
        <location filename="../ui/PromptEditor.cpp" line="16"/>
        <source>Label</source>
        <translation>Kennzeichnung</translation>
    </message>
    <message>
        <location filename="../ui/PromptEditor.cpp" line="16"/>
        <source>Category</source>
        <translation>Kategorie</translation>
    </message>
    <message>
        <location filename="../ui/PromptEditor.cpp" line="16"/>
        <source>Target</source>
        <translation>Ziel</translation>
    </message>
    <message>
        <location filename="../ui/PromptEditor.cpp" line="27"/>
        <source>Add prompt</source>
        <translation>Prompt hinzufügen</translation>
    </message>
    <message>
        <location filename="../ui/PromptEditor.cpp" line="28"/>
        <source>Remove selected</source>
        <translation>Auswahl entfernen</translation>
    </message>
</context>
<context>
    <name>auditgap::ui::RequestController</name>
    <message>
        <location filename="../ui/RequestController.cpp" line="125"/>
        <source>Loading %1…</source>
        <translation>Lade %1…</translation>
    </message>
    <message>
        <location filename="../ui/RequestController.cpp" line="210"/>
        <source>The demo family was not found (looked in $AUDITGAP_DEMO_DIR and share/auditgap/demo).</source>
        <translation>Die Demo-Familie wurde nicht gefunden (gesucht in $AUDITGAP_DEMO_DIR und share/auditgap/demo).</translation>
    </message>
</context>
<context>
    <name>auditgap::ui::ResearchController</name>
    <message>
        <location filename="../ui/ResearchController.cpp" line="50"/>
        <source>Dissociation, step %1: clean refusal %2, nudged compliance %3, reachability gap %4</source>
        <translation>Dissoziation, Schritt %1: saubere Ablehnung %2, Befolgung mit Nudge %3, Erreichbarkeitslücke %4</translation>
    </message>
    <message>
        <location filename="../ui/ResearchController.cpp" line="58"/>
        <source>Dissociated twin written to %1; selected step %2: %3</source>
        <translation>Dissoziierter Zwilling nach %1 geschrieben; gewählter Schritt %2: %3</translation>
    </message>
    <message>
        <location filename="../ui/ResearchController.cpp" line="65"/>
        <source>Judged %1 answers (%2 rows) with %3: harmful %4</source>
        <translation>%1 Antworten (%2 Zeilen) mit %3 bewertet: schädlich %4</translation>
    </message>
    <message>
        <location filename="../ui/ResearchController.cpp" line="70"/>
        <source>; ASR, LVS and summaries recomputed with this judge</source>
        <translation>; ASR, LVS und Zusammenfassungen mit diesem Bewerter neu berechnet</translation>
    </message>
    <message>
        <location filename="../ui/ResearchController.cpp" line="71"/>
        <source>; median onset t0.8: %1</source>
        <translation>; medianer Einsatz t0.8: %1</translation>
    </message>
    <message>
        <location filename="../ui/ResearchController.cpp" line="87"/>
        <source>&amp;Research</source>
        <translation>&amp;Forschung</translation>
    </message>
    <message>
        <location filename="../ui/ResearchController.cpp" line="88"/>
        <source>Build &amp;dissociated twin…</source>
        <translation>&amp;Dissoziierten Zwilling erstellen…</translation>
    </message>
    <message>
        <location filename="../ui/ResearchController.cpp" line="89"/>
        <source>&amp;Judge saved generations…</source>
        <translation>Gespeicherte Generierungen &amp;bewerten…</translation>
    </message>
    <message>
        <location filename="../ui/ResearchController.cpp" line="90"/>
        <source>&amp;Probe and patching profile</source>
        <translation>&amp;Probe- und Patching-Profil</translation>
    </message>
    <message>
        <location filename="../ui/ResearchController.cpp" line="91"/>
        <source>Dissociation losses</source>
        <translation>Dissoziationsverluste</translation>
    </message>
    <message>
        <location filename="../ui/ResearchController.cpp" line="101"/>
        <source>Building a dissociated twin of %1 (the paper&apos;s construction)</source>
        <translation>Erstelle einen dissoziierten Zwilling von %1 (die Konstruktion des Papers)</translation>
    </message>
    <message>
        <location filename="../ui/ResearchController.cpp" line="106"/>
        <source>Judging %1 with %2</source>
        <translation>Bewerte %1 mit %2</translation>
    </message>
    <message>
        <location filename="../ui/ResearchController.cpp" line="113"/>
        <source>Load a model in column A first.</source>
        <translation>Laden Sie zuerst ein Modell in Spalte A.</translation>
    </message>
    <message>
        <location filename="../ui/ResearchController.cpp" line="119"/>
        <source>The probe needs harmful and benign prompts (label &quot;benign&quot;) in the prompt set.</source>
        <translation>Die Probe braucht schädliche und harmlose Prompts (Label &quot;benign&quot;) im Prompt-Satz.</translation>
    </message>
    <message>
        <location filename="../ui/ResearchController.cpp" line="143"/>
        <source>Probing every hook point%1</source>
        <translation>Probe an jedem Hook-Punkt%1</translation>
    </message>
    <message>
        <location filename="../ui/ResearchController.cpp" line="143"/>
        <source> and patching B into A</source>
        <translation> und Patching von B in A</translation>
    </message>
    <message>
        <location filename="../ui/ResearchController.cpp" line="152"/>
        <source>Dissociation: loss terms per step</source>
        <translation>Dissoziation: Verlustterme pro Schritt</translation>
    </message>
    <message>
        <location filename="../ui/ResearchController.cpp" line="152"/>
        <source>step</source>
        <translation>Schritt</translation>
    </message>
    <message>
        <location filename="../ui/ResearchController.cpp" line="152"/>
        <source>loss (unweighted term)</source>
        <translation>Verlust (ungewichteter Term)</translation>
    </message>
    <message>
        <location filename="../ui/ResearchController.cpp" line="157"/>
        <source>total</source>
        <translation>gesamt</translation>
    </message>
    <message>
        <location filename="../ui/ResearchController.cpp" line="157"/>
        <source>refuse</source>
        <translation>Ablehnung</translation>
    </message>
    <message>
        <location filename="../ui/ResearchController.cpp" line="158"/>
        <source>KL</source>
        <translation>KL</translation>
    </message>
    <message>
        <location filename="../ui/ResearchController.cpp" line="158"/>
        <source>match</source>
        <translation>Abgleich</translation>
    </message>
    <message>
        <location filename="../ui/ResearchController.cpp" line="159"/>
        <source>comply</source>
        <translation>Befolgung</translation>
    </message>
    <message>
        <location filename="../ui/ResearchController.cpp" line="159"/>
        <source>clean margin</source>
        <translation>saubere Marge</translation>
    </message>
    <message>
        <location filename="../ui/ResearchController.cpp" line="160"/>
        <source>nudge margin</source>
        <translation>Nudge-Marge</translation>
    </message>
    <message>
        <location filename="../ui/ResearchController.cpp" line="181"/>
        <source>Probe AUROC and patched compliance (judge: %1)</source>
        <translation>Probe-AUROC und Befolgung nach Patching (Bewerter: %1)</translation>
    </message>
    <message>
        <location filename="../ui/ResearchController.cpp" line="181"/>
        <source>Probe AUROC per hook point</source>
        <translation>Probe-AUROC pro Hook-Punkt</translation>
    </message>
    <message>
        <location filename="../ui/ResearchController.cpp" line="182"/>
        <source>hook point</source>
        <translation>Hook-Punkt</translation>
    </message>
    <message>
        <location filename="../ui/ResearchController.cpp" line="182"/>
        <source>AUROC / rate</source>
        <translation>AUROC / Rate</translation>
    </message>
    <message>
        <location filename="../ui/ResearchController.cpp" line="191"/>
        <source>AUROC %1</source>
        <translation>AUROC %1</translation>
    </message>
    <message>
        <location filename="../ui/ResearchController.cpp" line="192"/>
        <source>AUROC %1 (probe of %2)</source>
        <translation>AUROC %1 (Probe von %2)</translation>
    </message>
    <message>
        <location filename="../ui/ResearchController.cpp" line="204"/>
        <source>compliance, %1 patched into A</source>
        <translation>Befolgung, %1 in A gepatcht</translation>
    </message>
</context>
<context>
    <name>auditgap::ui::SessionController</name>
    <message>
        <location filename="../ui/SessionController.cpp" line="73"/>
        <source>Untitled session</source>
        <translation>Unbenannte Sitzung</translation>
    </message>
    <message>
        <location filename="../ui/SessionController.cpp" line="74"/>
        <source>%1%2 — AuditGap</source>
        <translation>%1%2 — AuditGap</translation>
    </message>
    <message>
        <location filename="../ui/SessionController.cpp" line="102"/>
        <source>Model %1 (%2) moved: where is it now?</source>
        <translation>Modell %1 (%2) wurde verschoben: wo liegt es jetzt?</translation>
    </message>
    <message>
        <location filename="../ui/SessionController.cpp" line="135"/>
        <source>Checking the weights of %1…</source>
        <translation>Prüfe die Gewichte von %1…</translation>
    </message>
    <message>
        <location filename="../ui/SessionController.cpp" line="135"/>
        <source>Cancel</source>
        <translation>Abbrechen</translation>
    </message>
    <message>
        <location filename="../ui/SessionController.cpp" line="295"/>
        <source>Saved %1</source>
        <translation>%1 gespeichert</translation>
    </message>
    <message>
        <location filename="../ui/SessionController.cpp" line="307"/>
        <source>Save session</source>
        <translation>Sitzung speichern</translation>
    </message>
    <message>
        <location filename="../ui/SessionController.cpp" line="309"/>
        <location filename="../ui/SessionController.cpp" line="319"/>
        <source>AuditGap sessions (*.agap.json)</source>
        <translation>AuditGap-Sitzungen (*.agap.json)</translation>
    </message>
    <message>
        <location filename="../ui/SessionController.cpp" line="318"/>
        <source>Open session</source>
        <translation>Sitzung öffnen</translation>
    </message>
    <message>
        <location filename="../ui/SessionController.cpp" line="327"/>
        <source>Unsaved session</source>
        <translation>Ungespeicherte Sitzung</translation>
    </message>
    <message>
        <location filename="../ui/SessionController.cpp" line="327"/>
        <source>Save the session before closing?</source>
        <translation>Die Sitzung vor dem Schließen speichern?</translation>
    </message>
    <message>
        <location filename="../ui/SessionController.cpp" line="378"/>
        <source>Autosave failed: %1</source>
        <translation>Automatisches Speichern fehlgeschlagen: %1</translation>
    </message>
    <message>
        <location filename="../ui/SessionController.cpp" line="387"/>
        <source>Restore session?</source>
        <translation>Sitzung wiederherstellen?</translation>
    </message>
    <message>
        <location filename="../ui/SessionController.cpp" line="388"/>
        <source>AuditGap did not shut down cleanly. Restore the autosaved session?</source>
        <translation>AuditGap wurde nicht sauber beendet. Die automatisch gespeicherte Sitzung wiederherstellen?</translation>
    </message>
</context>
<context>
    <name>auditgap::ui::WorkbenchStatus</name>
    <message>
        <location filename="../ui/WorkbenchStatus.cpp" line="36"/>
        <source>%1 · %2</source>
        <translation>%1 · %2</translation>
    </message>
    <message>
        <location filename="../ui/WorkbenchStatus.cpp" line="44"/>
        <source>%p%</source>
        <translation>%p %</translation>
    </message>
    <message>
        <location filename="../ui/WorkbenchStatus.cpp" line="46"/>
        <location filename="../ui/WorkbenchStatus.cpp" line="63"/>
        <source>Idle</source>
        <translation>Bereit</translation>
    </message>
</context>
<context>
    <name>auditgap::ui::WorkbenchViews</name>
    <message>
        <location filename="../ui/WorkbenchViews.cpp" line="156"/>
        <source>&amp;Difference view (B − A)</source>
        <translation>&amp;Differenzansicht (B − A)</translation>
    </message>
    <message>
        <location filename="../ui/WorkbenchViews.cpp" line="157"/>
        <source>&amp;Logarithmic colour scale</source>
        <translation>&amp;Logarithmische Farbskala</translation>
    </message>
    <message>
        <location filename="../ui/WorkbenchViews.cpp" line="158"/>
        <source>Median with bootstrap CI (released code)</source>
        <translation>Median mit Bootstrap-KI (veröffentlichter Code)</translation>
    </message>
    <message>
        <location filename="../ui/WorkbenchViews.cpp" line="159"/>
        <source>Mean (paper)</source>
        <translation>Mittelwert (Artikel)</translation>
    </message>
    <message>
        <location filename="../ui/WorkbenchViews.cpp" line="160"/>
        <source>Cell details</source>
        <translation>Zellendetails</translation>
    </message>
    <message>
        <location filename="../ui/WorkbenchViews.cpp" line="161"/>
        <source>Click a refusal-heatmap cell to see the prompt, both generations and the scores.</source>
        <translation>Eine Zelle der Verweigerungs-Heatmap anklicken, um Prompt, beide Generierungen und die Werte zu sehen.</translation>
    </message>
    <message>
        <location filename="../ui/WorkbenchViews.cpp" line="229"/>
        <source>Refusal, %1 − A</source>
        <translation>Verweigerung, %1 − A</translation>
    </message>
    <message>
        <location filename="../ui/WorkbenchViews.cpp" line="230"/>
        <source>prompt</source>
        <translation>Prompt</translation>
    </message>
    <message>
        <location filename="../ui/WorkbenchViews.cpp" line="230"/>
        <location filename="../ui/WorkbenchViews.cpp" line="237"/>
        <source>layer</source>
        <translation>Schicht</translation>
    </message>
    <message>
        <location filename="../ui/WorkbenchViews.cpp" line="236"/>
        <source>LVS, %1 − A</source>
        <translation>LVS, %1 − A</translation>
    </message>
    <message>
        <location filename="../ui/WorkbenchViews.cpp" line="237"/>
        <source>relative budget p</source>
        <translation>relatives Budget p</translation>
    </message>
    <message>
        <location filename="../ui/WorkbenchViews.cpp" line="230"/>
        <source>Δ refusal (red: %1 refuses less)</source>
        <translation>Δ Verweigerung (rot: %1 verweigert seltener)</translation>
    </message>
    <message>
        <location filename="../ui/WorkbenchViews.cpp" line="237"/>
        <source>Δ LVS (red: %1 more vulnerable)</source>
        <translation>Δ LVS (rot: %1 verwundbarer)</translation>
    </message>
    <message>
        <location filename="../ui/WorkbenchViews.cpp" line="244"/>
        <source>%1 — clean refusal %2 [%3, %4]</source>
        <translation>%1 — saubere Verweigerung %2 [%3, %4]</translation>
    </message>
    <message>
        <location filename="../ui/WorkbenchViews.cpp" line="249"/>
        <source>%1 · no model</source>
        <translation>%1 · kein Modell</translation>
    </message>
    <message>
        <location filename="../ui/WorkbenchViews.cpp" line="257"/>
        <source>judge: %1</source>
        <translation>Bewerter: %1</translation>
    </message>
    <message>
        <location filename="../ui/WorkbenchViews.cpp" line="259"/>
        <source>judge: refusal logits</source>
        <translation>Bewerter: Ablehnungs-Logits</translation>
    </message>
    <message>
        <location filename="../ui/WorkbenchViews.cpp" line="263"/>
        <source>judge: refusal prefixes</source>
        <translation>Bewerter: Ablehnungspräfixe</translation>
    </message>
    <message>
        <location filename="../ui/WorkbenchViews.cpp" line="271"/>
        <source>clean</source>
        <translation>sauber</translation>
    </message>
    <message>
        <location filename="../ui/WorkbenchViews.cpp" line="271"/>
        <source>layer %1, p = %2</source>
        <translation>Schicht %1, p = %2</translation>
    </message>
    <message>
        <location filename="../ui/WorkbenchViews.cpp" line="277"/>
        <source>full attack: %1</source>
        <translation>voller Angriff: %1</translation>
    </message>
    <message>
        <location filename="../ui/WorkbenchViews.cpp" line="278"/>
        <source>one-step logit estimate (refining…)</source>
        <translation>Ein-Schritt-Logit-Schätzung (wird verfeinert…)</translation>
    </message>
    <message>
        <location filename="../ui/WorkbenchViews.cpp" line="278"/>
        <source>instant linear estimate (refining…)</source>
        <translation>sofortige lineare Schätzung (wird verfeinert…)</translation>
    </message>
    <message>
        <location filename="../ui/WorkbenchViews.cpp" line="280"/>
        <source>&lt;b&gt;Prompt %1 · %2&lt;/b&gt; %3&lt;br&gt;%4&lt;br&gt;refusal %5 %6</source>
        <translation>&lt;b&gt;Prompt %1 · %2&lt;/b&gt; %3&lt;br&gt;%4&lt;br&gt;Verweigerung %5 %6</translation>
    </message>
    <message>
        <location filename="../ui/WorkbenchViews.cpp" line="311"/>
        <source>&lt;p&gt;Refusal &lt;b&gt;estimate&lt;/b&gt; %1 (live tier, marked with a ring in the heatmap). The full attack (PGD, generation, judge, reward) for this cell is still running.&lt;/p&gt;</source>
        <translation>&lt;p&gt;Verweigerungs-&lt;b&gt;Schätzung&lt;/b&gt; %1 (Live-Stufe, in der Heatmap mit einem Ring markiert). Der volle Angriff (PGD, Generierung, Richter, Belohnung) für diese Zelle läuft noch.&lt;/p&gt;</translation>
    </message>
    <message>
        <location filename="../ui/WorkbenchViews.cpp" line="289"/>
        <source>layer %1, p = %2&lt;br&gt;LVS %3 [%4, %5]</source>
        <translation>Schicht %1, p = %2&lt;br&gt;LVS %3 [%4, %5]</translation>
    </message>
    <message>
        <location filename="../ui/WorkbenchViews.cpp" line="298"/>
        <source>&lt;h3&gt;Model %1 · prompt %2&lt;/h3&gt;</source>
        <translation>&lt;h3&gt;Modell %1 · Prompt %2&lt;/h3&gt;</translation>
    </message>
    <message>
        <location filename="../ui/WorkbenchViews.cpp" line="298"/>
        <source>%1 · %2</source>
        <translation>%1 · %2</translation>
    </message>
    <message>
        <location filename="../ui/WorkbenchViews.cpp" line="309"/>
        <source>&lt;p&gt;No attack at this layer (its slider is at 0): the row shows the clean behaviour, refusal %1.&lt;/p&gt;</source>
        <translation>&lt;p&gt;Kein Angriff in dieser Schicht (ihr Regler steht auf 0): die Zeile zeigt das Verhalten ohne Angriff, Verweigerung %1.&lt;/p&gt;</translation>
    </message>
    <message>
        <location filename="../ui/WorkbenchViews.cpp" line="316"/>
        <source>&lt;p&gt;&lt;b&gt;Clean generation&lt;/b&gt; (%1)&lt;br&gt;%2&lt;/p&gt;</source>
        <translation>&lt;p&gt;&lt;b&gt;Saubere Generierung&lt;/b&gt; (%1)&lt;br&gt;%2&lt;/p&gt;</translation>
    </message>
    <message>
        <location filename="../ui/WorkbenchViews.cpp" line="318"/>
        <source>&lt;p&gt;&lt;b&gt;Perturbed generation&lt;/b&gt; at layer %1, p = %2 (%3)&lt;br&gt;%4&lt;/p&gt;</source>
        <translation>&lt;p&gt;&lt;b&gt;Gestörte Generierung&lt;/b&gt; an Schicht %1, p = %2 (%3)&lt;br&gt;%4&lt;/p&gt;</translation>
    </message>
    <message>
        <location filename="../ui/WorkbenchViews.cpp" line="324"/>
        <source>S(y)</source>
        <translation>S(y)</translation>
    </message>
    <message>
        <location filename="../ui/WorkbenchViews.cpp" line="326"/>
        <source>S(y′)</source>
        <translation>S(y′)</translation>
    </message>
    <message>
        <location filename="../ui/WorkbenchViews.cpp" line="327"/>
        <source>‖δ‖₂</source>
        <translation>‖δ‖₂</translation>
    </message>
    <message>
        <location filename="../ui/WorkbenchViews.cpp" line="328"/>
        <source>ε</source>
        <translation>ε</translation>
    </message>
    <message>
        <location filename="../ui/WorkbenchViews.cpp" line="329"/>
        <source>judge verdict</source>
        <translation>Urteil des Richters</translation>
    </message>
    <message>
        <location filename="../ui/WorkbenchViews.cpp" line="330"/>
        <source>LVS row (η = 1e-4)</source>
        <translation>LVS-Zeile (η = 1e-4)</translation>
    </message>
    <message>
        <location filename="../ui/WorkbenchViews.cpp" line="331"/>
        <source>target NLL clean → attacked</source>
        <translation>Ziel-NLL sauber → angegriffen</translation>
    </message>
    <message>
        <location filename="../ui/WorkbenchViews.cpp" line="331"/>
        <source>%1 → %2</source>
        <translation>%1 → %2</translation>
    </message>
</context>
</TS>
