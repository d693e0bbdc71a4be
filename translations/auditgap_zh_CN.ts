<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
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
        <translation>%1（t₀.₈ = %2）</translation>
    </message>
    <message>
        <location filename="../ui/AuditFigures.cpp" line="88"/>
        <source>%1 (reference, p = %2, depth-scaled)</source>
        <translation>%1（参考，p = %2，按深度缩放）</translation>
    </message>
    <message>
        <location filename="../ui/AuditFigures.cpp" line="94"/>
        <source>%1 (reference, nudge layer, p = %2)</source>
        <translation>%1（参考，推动层，p = %2）</translation>
    </message>
    <message>
        <location filename="../ui/AuditFigures.cpp" line="100"/>
        <source>median</source>
        <translation>中位数</translation>
    </message>
    <message>
        <location filename="../ui/AuditFigures.cpp" line="100"/>
        <source>mean</source>
        <translation>均值</translation>
    </message>
    <message>
        <location filename="../ui/AuditFigures.cpp" line="102"/>
        <source>LVS (%1), layer %2</source>
        <translation>LVS（%1），第 %2 层</translation>
    </message>
    <message>
        <location filename="../ui/AuditFigures.cpp" line="103"/>
        <source>Audit gap (p = %1)</source>
        <translation>审计差距（p = %1）</translation>
    </message>
    <message>
        <location filename="../ui/AuditFigures.cpp" line="105"/>
        <source>LVS layer profile (p = %1)</source>
        <translation>LVS 分层剖面（p = %1）</translation>
    </message>
    <message>
        <location filename="../ui/AuditFigures.cpp" line="105"/>
        <location filename="../ui/AuditFigures.cpp" line="136"/>
        <location filename="../ui/AuditFigures.cpp" line="147"/>
        <source>layer</source>
        <translation>层</translation>
    </message>
    <message>
        <location filename="../ui/AuditFigures.cpp" line="105"/>
        <source>LVS (%1)</source>
        <translation>LVS（%1）</translation>
    </message>
    <message>
        <location filename="../ui/AuditFigures.cpp" line="110"/>
        <source>Harmful fine-tuning</source>
        <translation>有害微调</translation>
    </message>
    <message>
        <location filename="../ui/AuditFigures.cpp" line="110"/>
        <source>step</source>
        <translation>步</translation>
    </message>
    <message>
        <location filename="../ui/AuditFigures.cpp" line="110"/>
        <source>compliance</source>
        <translation>服从率</translation>
    </message>
    <message>
        <location filename="../ui/AuditFigures.cpp" line="135"/>
        <source>Refusal under attack (%1 protocol)</source>
        <translation>攻击下的拒绝（%1 协议）</translation>
    </message>
    <message>
        <location filename="../ui/AuditFigures.cpp" line="146"/>
        <source>LVS by layer and budget (%1 protocol)</source>
        <translation>按层和预算的 LVS（%1 协议）</translation>
    </message>
    <message>
        <location filename="../ui/AuditFigures.cpp" line="136"/>
        <source>prompt</source>
        <translation>提示</translation>
    </message>
    <message>
        <location filename="../ui/AuditFigures.cpp" line="136"/>
        <source>refusal</source>
        <translation>拒绝率</translation>
    </message>
    <message>
        <location filename="../ui/AuditFigures.cpp" line="147"/>
        <source>relative budget p</source>
        <translation>相对预算 p</translation>
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
        <translation>未计算哈希：%1</translation>
    </message>
    <message>
        <location filename="../ui/AuditReport.cpp" line="170"/>
        <location filename="../ui/AuditReport.cpp" line="230"/>
        <source>median</source>
        <translation>中位数</translation>
    </message>
    <message>
        <location filename="../ui/AuditReport.cpp" line="170"/>
        <location filename="../ui/AuditReport.cpp" line="230"/>
        <source>mean</source>
        <translation>均值</translation>
    </message>
    <message>
        <location filename="../ui/AuditReport.cpp" line="172"/>
        <source>The audit gap: clean behavioural refusal on the harmful prompts (Wilson 95% interval) against the %1 LVS at layer %2, p = %3 (bootstrap 95% CI).</source>
        <translation>审计缺口：有害提示上无攻击的行为拒绝率（Wilson 95% 区间）与第 %2 层、p = %3 时 LVS 的%1（自助法 95% 置信区间）的对比。</translation>
    </message>
    <message>
        <location filename="../ui/AuditReport.cpp" line="177"/>
        <source>LVS layer profile at p = %1 (%2 with its 95% CI band).</source>
        <translation>p = %1 时的 LVS 层剖面（%2，含 95% 置信带）。</translation>
    </message>
    <message>
        <location filename="../ui/AuditReport.cpp" line="179"/>
        <source>Harmful fine-tuning: compliance on the evaluation prompts against steps.</source>
        <translation>有害微调：评估提示上的服从率随步数的变化。</translation>
    </message>
    <message>
        <location filename="../ui/AuditReport.cpp" line="197"/>
        <source>%1: refusal per prompt (columns) without attack (top row) and under the full attack at each layer&apos;s slider budget (1 = refused; blank = not computed).</source>
        <translation>%1：每个提示（列）在无攻击（首行）和在各层滑块预算下完整攻击时的拒绝情况（1 = 拒绝；空白 = 未计算）。</translation>
    </message>
    <message>
        <location filename="../ui/AuditReport.cpp" line="202"/>
        <source>%1: %2 LVS by layer and budget (◆ = the slider budget of that layer); the colour scale is shared by every model.</source>
        <translation>%1：按层和预算的 %2 LVS（◆ = 该层的滑块预算）；所有模型共用同一色标。</translation>
    </message>
    <message>
        <location filename="../ui/AuditReport.cpp" line="217"/>
        <location filename="../ui/AuditReport.cpp" line="218"/>
        <location filename="../ui/AuditReport.cpp" line="491"/>
        <source>AuditGap audit report</source>
        <translation>AuditGap 审计报告</translation>
    </message>
    <message>
        <location filename="../ui/AuditReport.cpp" line="220"/>
        <source>Session %1 · written %2 by AuditGap %3</source>
        <translation>会话 %1 · 由 AuditGap %3 于 %2 生成</translation>
    </message>
    <message>
        <location filename="../ui/AuditReport.cpp" line="221"/>
        <source>(unsaved)</source>
        <translation>（未保存）</translation>
    </message>
    <message>
        <location filename="../ui/AuditReport.cpp" line="225"/>
        <source>1. Findings</source>
        <translation>1. 结论</translation>
    </message>
    <message>
        <location filename="../ui/AuditReport.cpp" line="228"/>
        <source>&lt;b&gt;%1&lt;/b&gt;: clean refusal %2; LVS (%3) at layer %4, p = %5: %6</source>
        <translation>&lt;b&gt;%1&lt;/b&gt;：无攻击拒绝率 %2；第 %4 层、p = %5 时的 LVS（%3）：%6</translation>
    </message>
    <message>
        <location filename="../ui/AuditReport.cpp" line="233"/>
        <source>Two models that refuse alike but differ in LVS show the audit gap: behavioural testing cannot tell them apart; the latent view can. LVS = max(0, S(y) − S(y′)) / (log(1 + ‖δ‖₂) + η), the median with η = 1e-4 and the mean with η = 1e-6 (Jiang et al., 2026).</source>
        <translation>拒绝率相同但 LVS 不同的两个模型体现了审计缺口：行为测试无法区分它们，潜在表示视角可以。LVS = max(0, S(y) − S(y′)) / (log(1 + ‖δ‖₂) + η)，中位数取 η = 1e-4，均值取 η = 1e-6（Jiang 等，2026）。</translation>
    </message>
    <message>
        <location filename="../ui/AuditReport.cpp" line="237"/>
        <source>2. Figures</source>
        <translation>2. 图表</translation>
    </message>
    <message>
        <location filename="../ui/AuditReport.cpp" line="267"/>
        <location filename="../ui/AuditReport.cpp" line="304"/>
        <location filename="../ui/AuditReport.cpp" line="334"/>
        <source>model</source>
        <translation>模型</translation>
    </message>
    <message>
        <location filename="../ui/AuditReport.cpp" line="267"/>
        <location filename="../ui/AuditReport.cpp" line="304"/>
        <source>layer</source>
        <translation>层</translation>
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
        <translation>无攻击拒绝率（95% 置信区间）</translation>
    </message>
    <message>
        <location filename="../ui/AuditReport.cpp" line="267"/>
        <location filename="../ui/AuditReport.cpp" line="304"/>
        <source>ASR (95% CI)</source>
        <translation>ASR（95% 置信区间）</translation>
    </message>
    <message>
        <location filename="../ui/AuditReport.cpp" line="268"/>
        <source>LVS mean</source>
        <translation>LVS 均值</translation>
    </message>
    <message>
        <location filename="../ui/AuditReport.cpp" line="268"/>
        <source>LVS median (95% CI)</source>
        <translation>LVS 中位数（95% 置信区间）</translation>
    </message>
    <message>
        <location filename="../ui/AuditReport.cpp" line="290"/>
        <source>No LVS grid results in this session yet.</source>
        <translation>此会话尚无 LVS 网格结果。</translation>
    </message>
    <message>
        <location filename="../ui/AuditReport.cpp" line="295"/>
        <source>3. Refusal, ASR and LVS per model and layer</source>
        <translation>3. 各模型各层的拒绝率、ASR 与 LVS</translation>
    </message>
    <message>
        <location filename="../ui/AuditReport.cpp" line="297"/>
        <source>At p = %1 (the plots&apos; budget), on the n harmful prompts. Clean refusal (no attack) and ASR (compliance under the attack) with Wilson 95% intervals; the LVS mean (η = 1e-6) and median (η = 1e-4) with the median&apos;s bootstrap 95% CI. Models: %2.</source>
        <translation>在 p = %1（图表所用预算）下，基于 n 条有害提示。无攻击拒绝率与 ASR（攻击下的服从率）附 Wilson 95% 区间；LVS 均值（η = 1e-6）与中位数（η = 1e-4）附中位数的自助法 95% 置信区间。模型：%2。</translation>
    </message>
    <message>
        <location filename="../ui/AuditReport.cpp" line="304"/>
        <source>slider p</source>
        <translation>滑块 p</translation>
    </message>
    <message>
        <location filename="../ui/AuditReport.cpp" line="304"/>
        <source>harmful prompts attacked</source>
        <translation>受攻击的有害提示</translation>
    </message>
    <message>
        <location filename="../ui/AuditReport.cpp" line="327"/>
        <source>Full attack at the slider budgets</source>
        <translation>滑块预算下的完整攻击</translation>
    </message>
    <message>
        <location filename="../ui/AuditReport.cpp" line="331"/>
        <source>Every budget of the grid</source>
        <translation>网格中的所有预算</translation>
    </message>
    <message>
        <location filename="../ui/AuditReport.cpp" line="334"/>
        <source>step</source>
        <translation>步</translation>
    </message>
    <message>
        <location filename="../ui/AuditReport.cpp" line="334"/>
        <source>compliance</source>
        <translation>服从率</translation>
    </message>
    <message>
        <location filename="../ui/AuditReport.cpp" line="334"/>
        <source>refusal</source>
        <translation>拒绝率</translation>
    </message>
    <message>
        <location filename="../ui/AuditReport.cpp" line="334"/>
        <source>loss</source>
        <translation>损失</translation>
    </message>
    <message>
        <location filename="../ui/AuditReport.cpp" line="347"/>
        <source>Harmful fine-tuning</source>
        <translation>有害微调</translation>
    </message>
    <message>
        <location filename="../ui/AuditReport.cpp" line="355"/>
        <source>4. Reproduction</source>
        <translation>4. 复现</translation>
    </message>
    <message>
        <location filename="../ui/AuditReport.cpp" line="357"/>
        <source>Session file SHA-256: %1</source>
        <translation>会话文件 SHA-256：%1</translation>
    </message>
    <message>
        <location filename="../ui/AuditReport.cpp" line="359"/>
        <source>Models</source>
        <translation>模型</translation>
    </message>
    <message>
        <location filename="../ui/AuditReport.cpp" line="363"/>
        <source>name</source>
        <translation>名称</translation>
    </message>
    <message>
        <location filename="../ui/AuditReport.cpp" line="364"/>
        <source>folder</source>
        <translation>文件夹</translation>
    </message>
    <message>
        <location filename="../ui/AuditReport.cpp" line="365"/>
        <source>layers</source>
        <translation>层数</translation>
    </message>
    <message>
        <location filename="../ui/AuditReport.cpp" line="366"/>
        <source>SHA-256 of the weights</source>
        <translation>权重的 SHA-256</translation>
    </message>
    <message>
        <location filename="../ui/AuditReport.cpp" line="367"/>
        <source>Model %1</source>
        <translation>模型 %1</translation>
    </message>
    <message>
        <location filename="../ui/AuditReport.cpp" line="375"/>
        <source>source</source>
        <translation>来源</translation>
    </message>
    <message>
        <location filename="../ui/AuditReport.cpp" line="375"/>
        <source>inline (edited in the session)</source>
        <translation>内联（在会话中编辑）</translation>
    </message>
    <message>
        <location filename="../ui/AuditReport.cpp" line="377"/>
        <source>SHA-256</source>
        <translation>SHA-256</translation>
    </message>
    <message>
        <location filename="../ui/AuditReport.cpp" line="378"/>
        <source>prompts</source>
        <translation>提示</translation>
    </message>
    <message>
        <location filename="../ui/AuditReport.cpp" line="378"/>
        <source>%1 (%2 harmful, %3 benign)</source>
        <translation>%1（%2 条有害，%3 条无害）</translation>
    </message>
    <message>
        <location filename="../ui/AuditReport.cpp" line="379"/>
        <source>Prompt set</source>
        <translation>提示集</translation>
    </message>
    <message>
        <location filename="../ui/AuditReport.cpp" line="392"/>
        <source>protocol</source>
        <translation>协议</translation>
    </message>
    <message>
        <location filename="../ui/AuditReport.cpp" line="393"/>
        <source> (%1 preset; changed: %2)</source>
        <translation>（%1 预设；已更改：%2）</translation>
    </message>
    <message>
        <location filename="../ui/AuditReport.cpp" line="394"/>
        <source>chat template</source>
        <translation>聊天模板</translation>
    </message>
    <message>
        <location filename="../ui/AuditReport.cpp" line="395"/>
        <source>attack</source>
        <translation>攻击</translation>
    </message>
    <message>
        <location filename="../ui/AuditReport.cpp" line="396"/>
        <source>steps</source>
        <translation>步数</translation>
    </message>
    <message>
        <location filename="../ui/AuditReport.cpp" line="397"/>
        <source>phase</source>
        <translation>阶段</translation>
    </message>
    <message>
        <location filename="../ui/AuditReport.cpp" line="397"/>
        <source>every decode step</source>
        <translation>每个解码步</translation>
    </message>
    <message>
        <location filename="../ui/AuditReport.cpp" line="397"/>
        <source>prefill only</source>
        <translation>仅预填充</translation>
    </message>
    <message>
        <location filename="../ui/AuditReport.cpp" line="398"/>
        <source>target</source>
        <translation>目标</translation>
    </message>
    <message>
        <location filename="../ui/AuditReport.cpp" line="399"/>
        <source>budget grid (relative p)</source>
        <translation>预算网格（相对 p）</translation>
    </message>
    <message>
        <location filename="../ui/AuditReport.cpp" line="400"/>
        <source>slider budgets</source>
        <translation>滑块预算</translation>
    </message>
    <message>
        <location filename="../ui/AuditReport.cpp" line="401"/>
        <source>max new tokens</source>
        <translation>最大新 token 数</translation>
    </message>
    <message>
        <location filename="../ui/AuditReport.cpp" line="402"/>
        <source>seed</source>
        <translation>随机种子</translation>
    </message>
    <message>
        <location filename="../ui/AuditReport.cpp" line="403"/>
        <source>batch</source>
        <translation>批大小</translation>
    </message>
    <message>
        <location filename="../ui/AuditReport.cpp" line="404"/>
        <source>Attack settings</source>
        <translation>攻击设置</translation>
    </message>
    <message>
        <location filename="../ui/AuditReport.cpp" line="409"/>
        <source>judge</source>
        <translation>判定器</translation>
    </message>
    <message>
        <location filename="../ui/AuditReport.cpp" line="411"/>
        <source>judge weights SHA-256</source>
        <translation>判定模型权重 SHA-256</translation>
    </message>
    <message>
        <location filename="../ui/AuditReport.cpp" line="411"/>
        <source>judge list SHA-256</source>
        <translation>判定列表 SHA-256</translation>
    </message>
    <message>
        <location filename="../ui/AuditReport.cpp" line="413"/>
        <source>judge template</source>
        <translation>判定模板</translation>
    </message>
    <message>
        <location filename="../ui/AuditReport.cpp" line="414"/>
        <source>reward model S</source>
        <translation>奖励模型 S</translation>
    </message>
    <message>
        <location filename="../ui/AuditReport.cpp" line="414"/>
        <source>none: S is the judge&apos;s verdict (1 refused, 0 not)</source>
        <translation>无：S 为判定器的结论（1 为拒绝，0 为否）</translation>
    </message>
    <message>
        <location filename="../ui/AuditReport.cpp" line="416"/>
        <source>reward weights SHA-256</source>
        <translation>奖励模型权重 SHA-256</translation>
    </message>
    <message>
        <location filename="../ui/AuditReport.cpp" line="417"/>
        <source>Judge and reward model</source>
        <translation>判定器与奖励模型</translation>
    </message>
    <message>
        <location filename="../ui/AuditReport.cpp" line="425"/>
        <source>report written by</source>
        <translation>报告生成工具</translation>
    </message>
    <message>
        <location filename="../ui/AuditReport.cpp" line="425"/>
        <source>AuditGap %1, Qt %2, libtorch %3, %4</source>
        <translation>AuditGap %1，Qt %2，libtorch %3，%4</translation>
    </message>
    <message>
        <location filename="../ui/AuditReport.cpp" line="428"/>
        <source>Device and versions</source>
        <translation>设备与版本</translation>
    </message>
    <message>
        <location filename="../ui/AuditReport.cpp" line="456"/>
        <source>Recompute the LVS grid</source>
        <translation>重新计算 LVS 网格</translation>
    </message>
    <message>
        <location filename="../ui/AuditReport.cpp" line="457"/>
        <source>The LVS grid of every model comes from this command (each hook point × the budget grid × every prompt; results.json holds the cells and the per model × layer × budget summaries of section 3). Inline prompts must first be written to PROMPTS.jsonl.</source>
        <translation>每个模型的 LVS 网格由此命令得出（每个挂钩点 × 预算网格 × 每条提示；results.json 包含各单元及第 3 节中按模型 × 层 × 预算的汇总）。内联提示需先写入 PROMPTS.jsonl。</translation>
    </message>
</context>
<context>
    <name>GuiRunner</name>
    <message>
        <location filename="../ui/GuiRunner.cpp" line="130"/>
        <source>AuditGap: representation-level safety audits</source>
        <translation>AuditGap：表示层面的安全审计</translation>
    </message>
    <message>
        <location filename="../ui/GuiRunner.cpp" line="134"/>
        <source>Render the main window with the demo family to FILE and exit.</source>
        <translation>加载演示模型族后将主窗口渲染到 FILE 并退出。</translation>
    </message>
    <message>
        <location filename="../ui/GuiRunner.cpp" line="137"/>
        <source>Run the demo audit without a display; write PNGs and a session to DIR.</source>
        <translation>在无显示器的情况下运行演示审计；将 PNG 和会话写入 DIR。</translation>
    </message>
    <message>
        <location filename="../ui/GuiRunner.cpp" line="139"/>
        <source>Interface language (en, de, zh_CN).</source>
        <translation>界面语言（en、de、zh_CN）。</translation>
    </message>
    <message>
        <location filename="../ui/GuiRunner.cpp" line="148"/>
        <source>A session file to open.</source>
        <translation>要打开的会话文件。</translation>
    </message>
    <message>
        <location filename="../ui/GuiRunner.cpp" line="177"/>
        <source>Screenshot written to %1</source>
        <translation>截图已写入 %1</translation>
    </message>
    <message>
        <location filename="../ui/GuiRunner.cpp" line="207"/>
        <source>Headless demo audit written:</source>
        <translation>无界面演示审计已写入：</translation>
    </message>
    <message>
        <location filename="../ui/GuiRunner.cpp" line="90"/>
        <source>User guide screenshots written:</source>
        <translation>已写入用户指南截图：</translation>
    </message>
    <message>
        <location filename="../ui/GuiRunner.cpp" line="142"/>
        <source>Render the user guide&apos;s screenshots to DIR and exit.</source>
        <translation>将用户指南的截图渲染到 DIR 后退出。</translation>
    </message>
</context>
<context>
    <name>ProgressSummary</name>
    <message>
        <location filename="../ui/ProgressSummary.cpp" line="18"/>
        <source>time left unknown yet</source>
        <translation>剩余时间尚未知</translation>
    </message>
    <message>
        <location filename="../ui/ProgressSummary.cpp" line="21"/>
        <source>~%1 s left</source>
        <translation>剩余约 %1 秒</translation>
    </message>
    <message>
        <location filename="../ui/ProgressSummary.cpp" line="23"/>
        <source>~%1 min left</source>
        <translation>剩余约 %1 分钟</translation>
    </message>
    <message>
        <location filename="../ui/ProgressSummary.cpp" line="24"/>
        <source>~%1 h %2 min left</source>
        <translation>剩余约 %1 小时 %2 分钟</translation>
    </message>
    <message>
        <location filename="../ui/ProgressSummary.cpp" line="68"/>
        <source>LVS grid: all %1 hook points done</source>
        <translation>LVS 网格：全部 %1 个挂接点已完成</translation>
    </message>
    <message>
        <location filename="../ui/ProgressSummary.cpp" line="69"/>
        <source>LVS grid: %1 of %2 hook points, %3</source>
        <translation>LVS 网格：%2 个挂接点中已完成 %1 个，%3</translation>
    </message>
    <message>
        <location filename="../ui/ProgressSummary.cpp" line="88"/>
        <source>Loading model %1</source>
        <translation>正在加载模型 %1</translation>
    </message>
    <message>
        <location filename="../ui/ProgressSummary.cpp" line="91"/>
        <source>Checking the weights of model %1 (SHA-256, for the session file): %2 of %3 MiB, %4</source>
        <translation>正在校验模型 %1 的权重（SHA-256，用于会话文件）：%3 MiB 中的 %2 MiB，%4</translation>
    </message>
    <message>
        <location filename="../ui/ProgressSummary.cpp" line="96"/>
        <source>Full attack at the sliders (%1): %2 of %3 cells, %4</source>
        <translation>滑块处的完整攻击（%1）：%3 个单元中的 %2 个，%4</translation>
    </message>
    <message>
        <location filename="../ui/ProgressSummary.cpp" line="99"/>
        <source>Harmful fine-tuning (%1): %2 of %3 steps, %4</source>
        <translation>有害微调（%1）：%3 步中的第 %2 步，%4</translation>
    </message>
    <message>
        <location filename="../ui/ProgressSummary.cpp" line="102"/>
        <source>Building the dissociated twin: step %1 of %2, %3</source>
        <translation>正在构建解离孪生模型：第 %1 步，共 %2 步，%3</translation>
    </message>
    <message>
        <location filename="../ui/ProgressSummary.cpp" line="105"/>
        <source>Judging saved generations: %1 of %2, %3</source>
        <translation>正在评判已保存的生成：%2 个中的 %1 个，%3</translation>
    </message>
    <message>
        <location filename="../ui/ProgressSummary.cpp" line="108"/>
        <source>Linear probes (%1): %2 of %3 hook points, %4</source>
        <translation>线性探针（%1）：%3 个挂接点中的 %2 个，%4</translation>
    </message>
    <message>
        <location filename="../ui/ProgressSummary.cpp" line="111"/>
        <source>Activation patching: %1 of %2 blocks, %3</source>
        <translation>激活修补：%2 个块中的 %1 个，%3</translation>
    </message>
    <message>
        <location filename="../ui/ProgressSummary.cpp" line="114"/>
        <source>Working: %1 of %2, %3</source>
        <translation>处理中：%2 个中的 %1 个，%3</translation>
    </message>
</context>
<context>
    <name>QObject</name>
    <message>
        <location filename="../ui/PlotStyle.cpp" line="111"/>
        <source>%1: unknown export format &quot;%2&quot; (expected .png, .pdf or .svg)</source>
        <translation>%1：未知的导出格式“%2”（应为 .png、.pdf 或 .svg）</translation>
    </message>
    <message>
        <location filename="../ui/PlotStyle.cpp" line="115"/>
        <source>%1: cannot write in this folder (%2)</source>
        <translation>%1：无法写入此文件夹（%2）</translation>
    </message>
    <message>
        <location filename="../ui/PlotStyle.cpp" line="132"/>
        <source>AuditGap plot</source>
        <translation>AuditGap 图表</translation>
    </message>
    <message>
        <location filename="../ui/PlotStyle.cpp" line="141"/>
        <source>%1: the plot could not be rendered</source>
        <translation>%1：无法渲染图表</translation>
    </message>
    <message>
        <location filename="../ui/PlotStyle.cpp" line="144"/>
        <source>%1: cannot replace the file</source>
        <translation>%1：无法替换该文件</translation>
    </message>
    <message>
        <location filename="../ui/PlotStyle.cpp" line="159"/>
        <source>PNG image (*.png)</source>
        <translation>PNG 图像 (*.png)</translation>
    </message>
    <message>
        <location filename="../ui/PlotStyle.cpp" line="159"/>
        <source>PDF document (*.pdf)</source>
        <translation>PDF 文档 (*.pdf)</translation>
    </message>
    <message>
        <location filename="../ui/PlotStyle.cpp" line="160"/>
        <source>SVG drawing (*.svg)</source>
        <translation>SVG 矢量图 (*.svg)</translation>
    </message>
</context>
<context>
    <name>ResearchDialogs</name>
    <message>
        <location filename="../ui/ResearchDialogs.cpp" line="53"/>
        <source>Build dissociated twin</source>
        <translation>构建解离孪生模型</translation>
    </message>
    <message>
        <location filename="../ui/ResearchDialogs.cpp" line="56"/>
        <source>Base model</source>
        <translation>基础模型</translation>
    </message>
    <message>
        <location filename="../ui/ResearchDialogs.cpp" line="57"/>
        <source>Harmful model</source>
        <translation>有害模型</translation>
    </message>
    <message>
        <location filename="../ui/ResearchDialogs.cpp" line="58"/>
        <source>Harmful triples (prompt, refusal, compliant)</source>
        <translation>有害三元组（提示、拒绝、顺从）</translation>
    </message>
    <message>
        <location filename="../ui/ResearchDialogs.cpp" line="59"/>
        <source>Benign anchor prompts</source>
        <translation>良性锚定提示</translation>
    </message>
    <message>
        <location filename="../ui/ResearchDialogs.cpp" line="60"/>
        <source>Output folder</source>
        <translation>输出文件夹</translation>
    </message>
    <message>
        <location filename="../ui/ResearchDialogs.cpp" line="61"/>
        <source>Judge model (optional)</source>
        <translation>评判模型（可选）</translation>
    </message>
    <message>
        <location filename="../ui/ResearchDialogs.cpp" line="64"/>
        <source>10 epochs (paper)</source>
        <translation>10 个周期（论文）</translation>
    </message>
    <message>
        <location filename="../ui/ResearchDialogs.cpp" line="65"/>
        <source>Steps</source>
        <translation>步数</translation>
    </message>
    <message>
        <location filename="../ui/ResearchDialogs.cpp" line="68"/>
        <source>full fine-tuning</source>
        <translation>全量微调</translation>
    </message>
    <message>
        <location filename="../ui/ResearchDialogs.cpp" line="69"/>
        <source>LoRA rank</source>
        <translation>LoRA 秩</translation>
    </message>
    <message>
        <location filename="../ui/ResearchDialogs.cpp" line="75"/>
        <source>Nudge scale</source>
        <translation>推动幅度</translation>
    </message>
    <message>
        <location filename="../ui/ResearchDialogs.cpp" line="91"/>
        <source>Judge saved generations</source>
        <translation>评判已保存的生成结果</translation>
    </message>
    <message>
        <location filename="../ui/ResearchDialogs.cpp" line="93"/>
        <source>Generations (results JSON or CSV)</source>
        <translation>生成结果（结果 JSON 或 CSV）</translation>
    </message>
    <message>
        <location filename="../ui/ResearchDialogs.cpp" line="94"/>
        <source>Judged file</source>
        <translation>评判后的文件</translation>
    </message>
    <message>
        <location filename="../ui/ResearchDialogs.cpp" line="95"/>
        <source>Judge model (HarmBench classifier)</source>
        <translation>评判模型（HarmBench 分类器）</translation>
    </message>
    <message>
        <location filename="../ui/ResearchDialogs.cpp" line="96"/>
        <source>Judge template (other judges)</source>
        <translation>评判模板（其他评判模型）</translation>
    </message>
</context>
<context>
    <name>WorkbenchDialogs</name>
    <message>
        <location filename="../ui/WorkbenchDialogs.cpp" line="22"/>
        <source>Preferences</source>
        <translation>首选项</translation>
    </message>
    <message>
        <location filename="../ui/WorkbenchDialogs.cpp" line="28"/>
        <source>Language</source>
        <translation>语言</translation>
    </message>
    <message>
        <location filename="../ui/WorkbenchDialogs.cpp" line="37"/>
        <source>The translation for %1 is missing.</source>
        <translation>缺少 %1 的翻译。</translation>
    </message>
    <message>
        <location filename="../ui/WorkbenchDialogs.cpp" line="45"/>
        <source>About AuditGap</source>
        <translation>关于 AuditGap</translation>
    </message>
    <message>
        <location filename="../ui/WorkbenchDialogs.cpp" line="46"/>
        <source>&lt;h3&gt;AuditGap %1&lt;/h3&gt;&lt;p&gt;Representation-level safety audits of language models: latent vulnerability (LVS) against behavioural refusal, layer by layer.&lt;/p&gt;&lt;p&gt;Method: Jiang, Gjølbye, Zhang, Koyejo, &lt;i&gt;When Behavioral Safety Evaluation Fails: A Representation-Level Perspective&lt;/i&gt;, arXiv 2606.08044 (2026).&lt;/p&gt;&lt;table&gt;&lt;tr&gt;&lt;td&gt;Qt&lt;/td&gt;&lt;td&gt;%2&lt;/td&gt;&lt;/tr&gt;&lt;tr&gt;&lt;td&gt;libtorch&lt;/td&gt;&lt;td&gt;%3&lt;/td&gt;&lt;/tr&gt;&lt;tr&gt;&lt;td&gt;Device&lt;/td&gt;&lt;td&gt;%4&lt;/td&gt;&lt;/tr&gt;&lt;tr&gt;&lt;td&gt;BLAS&lt;/td&gt;&lt;td&gt;%5 (%6)&lt;/td&gt;&lt;/tr&gt;&lt;tr&gt;&lt;td&gt;Threads&lt;/td&gt;&lt;td&gt;%7&lt;/td&gt;&lt;/tr&gt;&lt;/table&gt;</source>
        <translation>&lt;h3&gt;AuditGap %1&lt;/h3&gt;&lt;p&gt;语言模型的表示层面安全审计：逐层对比潜在脆弱性（LVS）与行为拒绝率。&lt;/p&gt;&lt;p&gt;方法：Jiang, Gjølbye, Zhang, Koyejo, &lt;i&gt;When Behavioral Safety Evaluation Fails: A Representation-Level Perspective&lt;/i&gt;, arXiv 2606.08044 (2026).&lt;/p&gt;&lt;table&gt;&lt;tr&gt;&lt;td&gt;Qt&lt;/td&gt;&lt;td&gt;%2&lt;/td&gt;&lt;/tr&gt;&lt;tr&gt;&lt;td&gt;libtorch&lt;/td&gt;&lt;td&gt;%3&lt;/td&gt;&lt;/tr&gt;&lt;tr&gt;&lt;td&gt;设备&lt;/td&gt;&lt;td&gt;%4&lt;/td&gt;&lt;/tr&gt;&lt;tr&gt;&lt;td&gt;BLAS&lt;/td&gt;&lt;td&gt;%5 (%6)&lt;/td&gt;&lt;/tr&gt;&lt;tr&gt;&lt;td&gt;线程&lt;/td&gt;&lt;td&gt;%7&lt;/td&gt;&lt;/tr&gt;&lt;/table&gt;</translation>
    </message>
    <message>
        <location filename="../ui/WorkbenchDialogs.cpp" line="105"/>
        <source>Fine-tuning pairs (JSONL with &quot;response&quot;)</source>
        <translation>微调样本对（含 &quot;response&quot; 的 JSONL）</translation>
    </message>
    <message>
        <location filename="../ui/WorkbenchDialogs.cpp" line="106"/>
        <source>JSONL (*.jsonl)</source>
        <translation>JSONL (*.jsonl)</translation>
    </message>
    <message>
        <location filename="../ui/WorkbenchDialogs.cpp" line="109"/>
        <source>Harmful fine-tuning needs (prompt, response) pairs: a JSONL file with a &quot;response&quot; field.</source>
        <translation>有害微调需要（提示，回答）对：含 &quot;response&quot; 字段的 JSONL 文件。</translation>
    </message>
    <message>
        <location filename="../ui/WorkbenchDialogs.cpp" line="115"/>
        <source>%1: no harmful prompt with a &quot;response&quot; field</source>
        <translation>%1：没有带 &quot;response&quot; 字段的有害提示</translation>
    </message>
</context>
<context>
    <name>Workspace</name>
    <message>
        <location filename="../ui/Workspace.cpp" line="51"/>
        <source>%1/tokenizer.json (model %2) differs from %3/tokenizer.json (model %4): the workbench expects models that share a tokenizer. Each model tokenizes the prompts itself, so its own heatmaps hold, but the difference view compares different token sequences.</source>
        <translation>%1/tokenizer.json（模型 %2）与 %3/tokenizer.json（模型 %4）不同：工作台要求模型共用同一个分词器。每个模型各自对提示进行分词，因此各自的热图仍然有效，但差异视图比较的是不同的词元序列。</translation>
    </message>
    <message>
        <location filename="../ui/Workspace.cpp" line="254"/>
        <source>clean</source>
        <translation>干净</translation>
    </message>
    <message>
        <location filename="../ui/Workspace.cpp" line="257"/>
        <source>%1 · p %2</source>
        <translation>%1 · p %2</translation>
    </message>
    <message>
        <location filename="../ui/Workspace.cpp" line="258"/>
        <source>%1 · = clean</source>
        <translation>%1 · = 干净</translation>
    </message>
    <message>
        <location filename="../ui/Workspace.cpp" line="313"/>
        <source>benign</source>
        <translation>良性</translation>
    </message>
    <message>
        <location filename="../ui/Workspace.cpp" line="314"/>
        <source>harmful</source>
        <translation>有害</translation>
    </message>
</context>
<context>
    <name>auditgap::ui::AuditGapPlot</name>
    <message>
        <location filename="../ui/AuditGapPlot.cpp" line="45"/>
        <source>%1 (LVS computing…)</source>
        <translation>%1（LVS 计算中…）</translation>
    </message>
    <message>
        <location filename="../ui/AuditGapPlot.cpp" line="68"/>
        <source>Audit gap</source>
        <translation>审计差距</translation>
    </message>
    <message>
        <location filename="../ui/AuditGapPlot.cpp" line="69"/>
        <source>clean refusal (behavioural)</source>
        <translation>无扰动拒绝率（行为）</translation>
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
        <translation>联动滑块</translation>
    </message>
    <message>
        <location filename="../ui/BudgetPanel.cpp" line="104"/>
        <source>Drag one slider, move all</source>
        <translation>拖动一个滑块，全部跟随</translation>
    </message>
    <message>
        <location filename="../ui/BudgetPanel.cpp" line="105"/>
        <source>Presets:</source>
        <translation>预设：</translation>
    </message>
    <message>
        <location filename="../ui/BudgetPanel.cpp" line="109"/>
        <location filename="../ui/BudgetPanel.cpp" line="122"/>
        <source>Choose…</source>
        <translation>选择…</translation>
    </message>
    <message>
        <location filename="../ui/BudgetPanel.cpp" line="109"/>
        <source>Paper budgets (5e-4, 1e-3, 5e-3 by depth)</source>
        <translation>论文预算（按深度 5e-4、1e-3、5e-3）</translation>
    </message>
    <message>
        <location filename="../ui/BudgetPanel.cpp" line="110"/>
        <source>Headline budget, every layer</source>
        <translation>主预算，所有层</translation>
    </message>
    <message>
        <location filename="../ui/BudgetPanel.cpp" line="110"/>
        <source>Mid band only</source>
        <translation>仅中间层带</translation>
    </message>
    <message>
        <location filename="../ui/BudgetPanel.cpp" line="110"/>
        <source>Clear</source>
        <translation>清除</translation>
    </message>
    <message>
        <location filename="../ui/BudgetPanel.cpp" line="111"/>
        <source>Attack</source>
        <translation>攻击</translation>
    </message>
    <message>
        <location filename="../ui/BudgetPanel.cpp" line="113"/>
        <source>PGD ℓ∞ (paper)</source>
        <translation>PGD ℓ∞（论文）</translation>
    </message>
    <message>
        <location filename="../ui/BudgetPanel.cpp" line="113"/>
        <source>ℓ2 adaptive</source>
        <translation>ℓ2 自适应</translation>
    </message>
    <message>
        <location filename="../ui/BudgetPanel.cpp" line="113"/>
        <source>Random control</source>
        <translation>随机对照</translation>
    </message>
    <message>
        <location filename="../ui/BudgetPanel.cpp" line="113"/>
        <source>Steering</source>
        <translation>激活引导</translation>
    </message>
    <message>
        <location filename="../ui/BudgetPanel.cpp" line="116"/>
        <source>Prefill only</source>
        <translation>仅预填充</translation>
    </message>
    <message>
        <location filename="../ui/BudgetPanel.cpp" line="116"/>
        <source>All decode steps</source>
        <translation>所有解码步</translation>
    </message>
    <message>
        <location filename="../ui/BudgetPanel.cpp" line="119"/>
        <source>Refusal prefixes</source>
        <translation>拒绝前缀</translation>
    </message>
    <message>
        <location filename="../ui/BudgetPanel.cpp" line="119"/>
        <source>Logit refusal score</source>
        <translation>Logit 拒绝分数</translation>
    </message>
    <message>
        <location filename="../ui/BudgetPanel.cpp" line="121"/>
        <source>default</source>
        <translation>默认</translation>
    </message>
    <message>
        <location filename="../ui/BudgetPanel.cpp" line="123"/>
        <source>none: S = judge verdict</source>
        <translation>无：S = 判定结果</translation>
    </message>
    <message>
        <location filename="../ui/BudgetPanel.cpp" line="124"/>
        <source>Method</source>
        <translation>方法</translation>
    </message>
    <message>
        <location filename="../ui/BudgetPanel.cpp" line="125"/>
        <source>Steps</source>
        <translation>步数</translation>
    </message>
    <message>
        <location filename="../ui/BudgetPanel.cpp" line="126"/>
        <source>Phase</source>
        <translation>阶段</translation>
    </message>
    <message>
        <location filename="../ui/BudgetPanel.cpp" line="127"/>
        <source>Target</source>
        <translation>目标</translation>
    </message>
    <message>
        <location filename="../ui/BudgetPanel.cpp" line="128"/>
        <source>New tokens</source>
        <translation>新 token 数</translation>
    </message>
    <message>
        <location filename="../ui/BudgetPanel.cpp" line="129"/>
        <source>Protocol</source>
        <translation>协议</translation>
    </message>
    <message>
        <location filename="../ui/BudgetPanel.cpp" line="131"/>
        <source>quick (live tiers: %1 new tokens; the paper&apos;s: %2) · chat template: paper</source>
        <extracomment>The workbench&apos;s live tiers run the quick protocol preset; the paper&apos;s is the CLI default.</extracomment>
        <translation>quick（实时层级：%1 个新词元；论文：%2）· 聊天模板：paper</translation>
    </message>
    <message>
        <location filename="../ui/BudgetPanel.cpp" line="134"/>
        <source>Figures computed here are labelled &quot;quick&quot; in every export. `auditgap-cli protocol show` prints both presets knob by knob.</source>
        <translation>此处计算的数值在每次导出中都标注为“quick”。`auditgap-cli protocol show` 逐项列出两种预设。</translation>
    </message>
    <message>
        <location filename="../ui/BudgetPanel.cpp" line="136"/>
        <source>Judge</source>
        <translation>判定器</translation>
    </message>
    <message>
        <location filename="../ui/BudgetPanel.cpp" line="137"/>
        <source>Reward model</source>
        <translation>奖励模型</translation>
    </message>
    <message>
        <location filename="../ui/BudgetPanel.cpp" line="119"/>
        <source>Judge model (folder)…</source>
        <translation>判定模型（文件夹）…</translation>
    </message>
</context>
<context>
    <name>auditgap::ui::BudgetSliderGrid</name>
    <message>
        <location filename="../ui/BudgetSliderGrid.cpp" line="187"/>
        <source>0 (off) or %1 … %2</source>
        <translation>0（关闭）或 %1 … %2</translation>
    </message>
    <message>
        <location filename="../ui/BudgetSliderGrid.cpp" line="192"/>
        <source>no hook point %1</source>
        <translation>没有挂接点 %1</translation>
    </message>
    <message>
        <location filename="../ui/BudgetSliderGrid.cpp" line="200"/>
        <source>&quot;%1&quot; is not a number</source>
        <translation>“%1”不是数字</translation>
    </message>
    <message>
        <location filename="../ui/BudgetSliderGrid.cpp" line="202"/>
        <source>%1 is negative</source>
        <translation>%1 为负数</translation>
    </message>
    <message>
        <location filename="../ui/BudgetSliderGrid.cpp" line="204"/>
        <source>%1 is outside the slider&apos;s scale</source>
        <translation>%1 超出滑块刻度范围</translation>
    </message>
    <message>
        <location filename="../ui/BudgetSliderGrid.cpp" line="206"/>
        <source>Budget at layer %1 refused: %2; allowed: %3.</source>
        <translation>第 %1 层的预算被拒绝：%2；允许：%3。</translation>
    </message>
    <message>
        <location filename="../ui/BudgetSliderGrid.cpp" line="230"/>
        <source>Relative budget p at the embedding</source>
        <translation>嵌入层的相对预算 p</translation>
    </message>
    <message>
        <location filename="../ui/BudgetSliderGrid.cpp" line="230"/>
        <source>Relative budget p at block %1</source>
        <translation>第 %1 块的相对预算 p</translation>
    </message>
    <message>
        <location filename="../ui/BudgetSliderGrid.cpp" line="234"/>
        <source>%1 — type a value: %2</source>
        <translation>%1 — 输入数值：%2</translation>
    </message>
</context>
<context>
    <name>auditgap::ui::ExportController</name>
    <message>
        <location filename="../ui/ExportController.cpp" line="57"/>
        <source>Export audit report</source>
        <translation>导出审计报告</translation>
    </message>
    <message>
        <location filename="../ui/ExportController.cpp" line="58"/>
        <source>PDF document (*.pdf);;HTML page (*.html)</source>
        <translation>PDF 文档 (*.pdf);;HTML 页面 (*.html)</translation>
    </message>
    <message>
        <location filename="../ui/ExportController.cpp" line="65"/>
        <location filename="../ui/ExportController.cpp" line="116"/>
        <source>Wrote %1</source>
        <translation>已写入 %1</translation>
    </message>
    <message>
        <location filename="../ui/ExportController.cpp" line="69"/>
        <source>Folder for the plots</source>
        <translation>图表的文件夹</translation>
    </message>
    <message>
        <location filename="../ui/ExportController.cpp" line="74"/>
        <source>Wrote %1 files to %2</source>
        <translation>已将 %1 个文件写入 %2</translation>
    </message>
    <message>
        <location filename="../ui/ExportController.cpp" line="108"/>
        <source>Export heatmap data</source>
        <translation>导出热图数据</translation>
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
        <translation>导出为 %1…</translation>
    </message>
    <message>
        <location filename="../ui/ExportController.cpp" line="127"/>
        <source>Export plot</source>
        <translation>导出图表</translation>
    </message>
</context>
<context>
    <name>auditgap::ui::MainWindow</name>
    <message>
        <location filename="../ui/MainWindowActions.cpp" line="49"/>
        <source>Model folder for %1</source>
        <translation>%1 的模型文件夹</translation>
    </message>
    <message>
        <location filename="../ui/MainWindowActions.cpp" line="55"/>
        <source>Prompt set</source>
        <translation>提示集</translation>
    </message>
    <message>
        <location filename="../ui/MainWindowActions.cpp" line="55"/>
        <source>Prompt sets (*.jsonl *.csv *.txt)</source>
        <translation>提示集 (*.jsonl *.csv *.txt)</translation>
    </message>
    <message>
        <location filename="../ui/MainWindowActions.cpp" line="133"/>
        <source>&amp;New session</source>
        <translation>新建会话(&amp;N)</translation>
    </message>
    <message>
        <location filename="../ui/MainWindowActions.cpp" line="133"/>
        <source>&amp;Open…</source>
        <translation>打开(&amp;O)…</translation>
    </message>
    <message>
        <location filename="../ui/MainWindowActions.cpp" line="133"/>
        <source>&amp;Save</source>
        <translation>保存(&amp;S)</translation>
    </message>
    <message>
        <location filename="../ui/MainWindowActions.cpp" line="133"/>
        <source>Save &amp;As…</source>
        <translation>另存为(&amp;A)…</translation>
    </message>
    <message>
        <location filename="../ui/MainWindowActions.cpp" line="134"/>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <location filename="../ui/MainWindowActions.cpp" line="134"/>
        <source>All plots as images…</source>
        <translation>所有图表导出为图像…</translation>
    </message>
    <message>
        <location filename="../ui/MainWindowActions.cpp" line="134"/>
        <source>Heatmap data as CSV…</source>
        <translation>热图数据导出为 CSV…</translation>
    </message>
    <message>
        <location filename="../ui/MainWindowActions.cpp" line="135"/>
        <source>Heatmap data as JSON…</source>
        <translation>热图数据导出为 JSON…</translation>
    </message>
    <message>
        <location filename="../ui/MainWindowActions.cpp" line="138"/>
        <source>&amp;Resume (continue the grid and refinement)</source>
        <translation>继续（网格与细化）(&amp;R)</translation>
    </message>
    <message>
        <location filename="../ui/MainWindowActions.cpp" line="146"/>
        <source>Load model &amp;%1 from a folder…</source>
        <translation>从文件夹加载模型 %1…</translation>
    </message>
    <message>
        <location filename="../ui/MainWindowActions.cpp" line="137"/>
        <source>Load the &amp;demo family</source>
        <translation>加载演示模型族(&amp;D)</translation>
    </message>
    <message>
        <location filename="../ui/MainWindowActions.cpp" line="61"/>
        <source>The paper&apos;s results folder</source>
        <translation>论文结果文件夹</translation>
    </message>
    <message>
        <location filename="../ui/MainWindowActions.cpp" line="136"/>
        <source>Add &amp;reference (the paper&apos;s results)…</source>
        <translation>添加参考（论文结果）(&amp;R)…</translation>
    </message>
    <message>
        <location filename="../ui/MainWindowActions.cpp" line="137"/>
        <source>&amp;Load prompt set (JSONL, CSV, TXT)…</source>
        <translation>加载提示集（JSONL、CSV、TXT）(&amp;L)…</translation>
    </message>
    <message>
        <location filename="../ui/MainWindowActions.cpp" line="138"/>
        <source>&amp;View and edit prompts…</source>
        <translation>查看和编辑提示(&amp;V)…</translation>
    </message>
    <message>
        <location filename="../ui/MainWindowActions.cpp" line="139"/>
        <source>&amp;Stop</source>
        <translation>停止(&amp;S)</translation>
    </message>
    <message>
        <location filename="../ui/MainWindowActions.cpp" line="139"/>
        <source>Re&amp;compute everything</source>
        <translation>全部重新计算(&amp;C)</translation>
    </message>
    <message>
        <location filename="../ui/MainWindowActions.cpp" line="140"/>
        <source>Harmful &amp;fine-tuning</source>
        <translation>有害微调(&amp;F)</translation>
    </message>
    <message>
        <location filename="../ui/MainWindowActions.cpp" line="142"/>
        <source>&amp;Reset layout</source>
        <translation>重置布局(&amp;R)</translation>
    </message>
    <message>
        <location filename="../ui/MainWindowActions.cpp" line="142"/>
        <source>&amp;Preferences…</source>
        <translation>首选项(&amp;P)…</translation>
    </message>
    <message>
        <location filename="../ui/MainWindowActions.cpp" line="142"/>
        <source>&amp;About AuditGap</source>
        <translation>关于 AuditGap(&amp;A)</translation>
    </message>
    <message>
        <location filename="../ui/MainWindowActions.cpp" line="148"/>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <location filename="../ui/MainWindowActions.cpp" line="148"/>
        <source>Open &amp;Recent</source>
        <translation>最近打开(&amp;R)</translation>
    </message>
    <message>
        <location filename="../ui/MainWindowActions.cpp" line="148"/>
        <source>&amp;Export</source>
        <translation>导出(&amp;E)</translation>
    </message>
    <message>
        <location filename="../ui/MainWindowActions.cpp" line="148"/>
        <source>&amp;Models</source>
        <translation>模型(&amp;M)</translation>
    </message>
    <message>
        <location filename="../ui/MainWindowActions.cpp" line="149"/>
        <source>&amp;Prompts</source>
        <translation>提示(&amp;P)</translation>
    </message>
    <message>
        <location filename="../ui/MainWindowActions.cpp" line="149"/>
        <source>&amp;Run</source>
        <translation>运行(&amp;R)</translation>
    </message>
    <message>
        <location filename="../ui/MainWindowActions.cpp" line="149"/>
        <source>&amp;View</source>
        <translation>视图(&amp;V)</translation>
    </message>
    <message>
        <location filename="../ui/MainWindowActions.cpp" line="149"/>
        <source>&amp;Colormap</source>
        <translation>色图(&amp;C)</translation>
    </message>
    <message>
        <location filename="../ui/MainWindowActions.cpp" line="150"/>
        <source>LVS &amp;aggregation</source>
        <translation>LVS 聚合方式(&amp;A)</translation>
    </message>
    <message>
        <location filename="../ui/MainWindowActions.cpp" line="150"/>
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <location filename="../ui/MainWindowActions.cpp" line="153"/>
        <source>Compute &amp;dtype</source>
        <translation>计算数据类型(&amp;D)</translation>
    </message>
    <message>
        <location filename="../ui/MainWindowActions.cpp" line="154"/>
        <source>&amp;Automatic (bf16 for a bf16 checkpoint on a CPU with native bf16, else f32)</source>
        <translation>自动（bf16 检查点且 CPU 原生支持 bf16 时用 bf16，否则 f32）(&amp;A)</translation>
    </message>
    <message>
        <location filename="../ui/MainWindowActions.cpp" line="155"/>
        <source>&amp;f32</source>
        <translation>f32(&amp;F)</translation>
    </message>
    <message>
        <location filename="../ui/MainWindowActions.cpp" line="155"/>
        <source>&amp;bf16</source>
        <translation>bf16(&amp;B)</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="125"/>
        <source>Main toolbar</source>
        <translation>主工具栏</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="126"/>
        <source>Budgets</source>
        <translation>预算</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="156"/>
        <source>AuditGap</source>
        <translation>AuditGap</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="256"/>
        <source>A prompt set needs at least one prompt.</source>
        <translation>提示集至少需要一个提示。</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="293"/>
        <source>Reward model folder (sequence classification)</source>
        <translation>奖励模型文件夹（序列分类）</translation>
    </message>
    <message>
        <location filename="../ui/MainWindowActions.cpp" line="141"/>
        <source>Refine &amp;automatically (full PGD after the sliders rest)</source>
        <translation>自动细化（滑块停止后运行完整 PGD）(&amp;A)</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="303"/>
        <source>Judge model folder (a causal LM; yes/no template)</source>
        <translation>判定模型文件夹（因果语言模型；是/否模板）</translation>
    </message>
    <message>
        <location filename="../ui/MainWindowActions.cpp" line="135"/>
        <source>Export &amp;report…</source>
        <translation>导出报告(&amp;R)…</translation>
    </message>
</context>
<context>
    <name>auditgap::ui::PromptEditor</name>
    <message>
        <location filename="../ui/PromptEditor.cpp" line="13"/>
        <source>Prompts</source>
        <translation>提示</translation>
    </message>
    <message>
        <location filename="../ui/PromptEditor.cpp" line="16"/>
        <source>Prompt</source>
        <translation>提示</translation>
    </message>
    <message>
        <location filename="../ui/PromptEditor.cpp" line="16"/>
        <source>Label</source>
        <translation>标签</translation>
    </message>
    <message>
        <location filename="../ui/PromptEditor.cpp" line="16"/>
        <source>Category</source>
        <translation>类别</translation>
    </message>
    <message>
        <location filename="../ui/PromptEditor.cpp" line="16"/>
        <source>Target</source>
        <translation>目标</translation>
    </message>
    <message>
        <location filename="../ui/PromptEditor.cpp" line="27"/>
        <source>Add prompt</source>
        <translation>添加提示</translation>
    </message>
    <message>
        <location filename="../ui/PromptEditor.cpp" line="28"/>
        <source>Remove selected</source>
        <translation>删除所选</translation>
    </message>
</context>
<context>
    <name>auditgap::ui::RequestController</name>
    <message>
        <location filename="../ui/RequestController.cpp" line="125"/>
        <source>Loading %1…</source>
        <translation>正在加载 %1…</translation>
    </message>
    <message>
        <location filename="../ui/RequestController.cpp" line="210"/>
        <source>The demo family was not found (looked in $AUDITGAP_DEMO_DIR and share/auditgap/demo).</source>
        <translation>未找到演示模型族（已在 $AUDITGAP_DEMO_DIR 和 share/auditgap/demo 中查找）。</translation>
    </message>
</context>
<context>
    <name>auditgap::ui::ResearchController</name>
    <message>
        <location filename="../ui/ResearchController.cpp" line="50"/>
        <source>Dissociation, step %1: clean refusal %2, nudged compliance %3, reachability gap %4</source>
        <translation>解离，第 %1 步：干净拒绝率 %2，推动后顺从率 %3，可达性差距 %4</translation>
    </message>
    <message>
        <location filename="../ui/ResearchController.cpp" line="58"/>
        <source>Dissociated twin written to %1; selected step %2: %3</source>
        <translation>解离孪生模型已写入 %1；选中第 %2 步：%3</translation>
    </message>
    <message>
        <location filename="../ui/ResearchController.cpp" line="65"/>
        <source>Judged %1 answers (%2 rows) with %3: harmful %4</source>
        <translation>已用 %3 评判 %1 个回答（%2 行）：有害 %4</translation>
    </message>
    <message>
        <location filename="../ui/ResearchController.cpp" line="70"/>
        <source>; ASR, LVS and summaries recomputed with this judge</source>
        <translation>；已用该评判模型重新计算 ASR、LVS 和汇总</translation>
    </message>
    <message>
        <location filename="../ui/ResearchController.cpp" line="71"/>
        <source>; median onset t0.8: %1</source>
        <translation>；中位起始点 t0.8：%1</translation>
    </message>
    <message>
        <location filename="../ui/ResearchController.cpp" line="87"/>
        <source>&amp;Research</source>
        <translation>研究(&amp;R)</translation>
    </message>
    <message>
        <location filename="../ui/ResearchController.cpp" line="88"/>
        <source>Build &amp;dissociated twin…</source>
        <translation>构建解离孪生模型(&amp;D)…</translation>
    </message>
    <message>
        <location filename="../ui/ResearchController.cpp" line="89"/>
        <source>&amp;Judge saved generations…</source>
        <translation>评判已保存的生成结果(&amp;J)…</translation>
    </message>
    <message>
        <location filename="../ui/ResearchController.cpp" line="90"/>
        <source>&amp;Probe and patching profile</source>
        <translation>探针与激活修补剖面(&amp;P)</translation>
    </message>
    <message>
        <location filename="../ui/ResearchController.cpp" line="91"/>
        <source>Dissociation losses</source>
        <translation>解离损失</translation>
    </message>
    <message>
        <location filename="../ui/ResearchController.cpp" line="101"/>
        <source>Building a dissociated twin of %1 (the paper&apos;s construction)</source>
        <translation>正在构建 %1 的解离孪生模型（论文的构造方法）</translation>
    </message>
    <message>
        <location filename="../ui/ResearchController.cpp" line="106"/>
        <source>Judging %1 with %2</source>
        <translation>正在用 %2 评判 %1</translation>
    </message>
    <message>
        <location filename="../ui/ResearchController.cpp" line="113"/>
        <source>Load a model in column A first.</source>
        <translation>请先在 A 列加载模型。</translation>
    </message>
    <message>
        <location filename="../ui/ResearchController.cpp" line="119"/>
        <source>The probe needs harmful and benign prompts (label &quot;benign&quot;) in the prompt set.</source>
        <translation>探针需要提示集中同时有有害和良性提示（标签 &quot;benign&quot;）。</translation>
    </message>
    <message>
        <location filename="../ui/ResearchController.cpp" line="143"/>
        <source>Probing every hook point%1</source>
        <translation>正在探测每个挂钩点%1</translation>
    </message>
    <message>
        <location filename="../ui/ResearchController.cpp" line="143"/>
        <source> and patching B into A</source>
        <translation>并将 B 修补到 A</translation>
    </message>
    <message>
        <location filename="../ui/ResearchController.cpp" line="152"/>
        <source>Dissociation: loss terms per step</source>
        <translation>解离：每步的损失项</translation>
    </message>
    <message>
        <location filename="../ui/ResearchController.cpp" line="152"/>
        <source>step</source>
        <translation>步</translation>
    </message>
    <message>
        <location filename="../ui/ResearchController.cpp" line="152"/>
        <source>loss (unweighted term)</source>
        <translation>损失（未加权项）</translation>
    </message>
    <message>
        <location filename="../ui/ResearchController.cpp" line="157"/>
        <source>total</source>
        <translation>总计</translation>
    </message>
    <message>
        <location filename="../ui/ResearchController.cpp" line="157"/>
        <source>refuse</source>
        <translation>拒绝</translation>
    </message>
    <message>
        <location filename="../ui/ResearchController.cpp" line="158"/>
        <source>KL</source>
        <translation>KL</translation>
    </message>
    <message>
        <location filename="../ui/ResearchController.cpp" line="158"/>
        <source>match</source>
        <translation>匹配</translation>
    </message>
    <message>
        <location filename="../ui/ResearchController.cpp" line="159"/>
        <source>comply</source>
        <translation>顺从</translation>
    </message>
    <message>
        <location filename="../ui/ResearchController.cpp" line="159"/>
        <source>clean margin</source>
        <translation>干净边际</translation>
    </message>
    <message>
        <location filename="../ui/ResearchController.cpp" line="160"/>
        <source>nudge margin</source>
        <translation>推动边际</translation>
    </message>
    <message>
        <location filename="../ui/ResearchController.cpp" line="181"/>
        <source>Probe AUROC and patched compliance (judge: %1)</source>
        <translation>探针 AUROC 与修补后的顺从率（评判：%1）</translation>
    </message>
    <message>
        <location filename="../ui/ResearchController.cpp" line="181"/>
        <source>Probe AUROC per hook point</source>
        <translation>每个挂钩点的探针 AUROC</translation>
    </message>
    <message>
        <location filename="../ui/ResearchController.cpp" line="182"/>
        <source>hook point</source>
        <translation>挂钩点</translation>
    </message>
    <message>
        <location filename="../ui/ResearchController.cpp" line="182"/>
        <source>AUROC / rate</source>
        <translation>AUROC / 比率</translation>
    </message>
    <message>
        <location filename="../ui/ResearchController.cpp" line="191"/>
        <source>AUROC %1</source>
        <translation>AUROC %1</translation>
    </message>
    <message>
        <location filename="../ui/ResearchController.cpp" line="192"/>
        <source>AUROC %1 (probe of %2)</source>
        <translation>AUROC %1（%2 的探针）</translation>
    </message>
    <message>
        <location filename="../ui/ResearchController.cpp" line="204"/>
        <source>compliance, %1 patched into A</source>
        <translation>顺从率，%1 修补到 A</translation>
    </message>
</context>
<context>
    <name>auditgap::ui::SessionController</name>
    <message>
        <location filename="../ui/SessionController.cpp" line="73"/>
        <source>Untitled session</source>
        <translation>未命名会话</translation>
    </message>
    <message>
        <location filename="../ui/SessionController.cpp" line="74"/>
        <source>%1%2 — AuditGap</source>
        <translation>%1%2 — AuditGap</translation>
    </message>
    <message>
        <location filename="../ui/SessionController.cpp" line="102"/>
        <source>Model %1 (%2) moved: where is it now?</source>
        <translation>模型 %1（%2）已移动：现在在哪里？</translation>
    </message>
    <message>
        <location filename="../ui/SessionController.cpp" line="135"/>
        <source>Checking the weights of %1…</source>
        <translation>正在校验 %1 的权重…</translation>
    </message>
    <message>
        <location filename="../ui/SessionController.cpp" line="135"/>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location filename="../ui/SessionController.cpp" line="295"/>
        <source>Saved %1</source>
        <translation>已保存 %1</translation>
    </message>
    <message>
        <location filename="../ui/SessionController.cpp" line="307"/>
        <source>Save session</source>
        <translation>保存会话</translation>
    </message>
    <message>
        <location filename="../ui/SessionController.cpp" line="309"/>
        <location filename="../ui/SessionController.cpp" line="319"/>
        <source>AuditGap sessions (*.agap.json)</source>
        <translation>AuditGap 会话 (*.agap.json)</translation>
    </message>
    <message>
        <location filename="../ui/SessionController.cpp" line="318"/>
        <source>Open session</source>
        <translation>打开会话</translation>
    </message>
    <message>
        <location filename="../ui/SessionController.cpp" line="327"/>
        <source>Unsaved session</source>
        <translation>未保存的会话</translation>
    </message>
    <message>
        <location filename="../ui/SessionController.cpp" line="327"/>
        <source>Save the session before closing?</source>
        <translation>关闭前保存会话？</translation>
    </message>
    <message>
        <location filename="../ui/SessionController.cpp" line="378"/>
        <source>Autosave failed: %1</source>
        <translation>自动保存失败：%1</translation>
    </message>
    <message>
        <location filename="../ui/SessionController.cpp" line="387"/>
        <source>Restore session?</source>
        <translation>恢复会话？</translation>
    </message>
    <message>
        <location filename="../ui/SessionController.cpp" line="388"/>
        <source>AuditGap did not shut down cleanly. Restore the autosaved session?</source>
        <translation>AuditGap 未正常退出。是否恢复自动保存的会话？</translation>
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
        <translation>%p%</translation>
    </message>
    <message>
        <location filename="../ui/WorkbenchStatus.cpp" line="46"/>
        <location filename="../ui/WorkbenchStatus.cpp" line="63"/>
        <source>Idle</source>
        <translation>空闲</translation>
    </message>
</context>
<context>
    <name>auditgap::ui::WorkbenchViews</name>
    <message>
        <location filename="../ui/WorkbenchViews.cpp" line="156"/>
        <source>&amp;Difference view (B − A)</source>
        <translation>差值视图（B − A）(&amp;D)</translation>
    </message>
    <message>
        <location filename="../ui/WorkbenchViews.cpp" line="157"/>
        <source>&amp;Logarithmic colour scale</source>
        <translation>对数色标(&amp;L)</translation>
    </message>
    <message>
        <location filename="../ui/WorkbenchViews.cpp" line="158"/>
        <source>Median with bootstrap CI (released code)</source>
        <translation>中位数与自助法置信区间（发布代码）</translation>
    </message>
    <message>
        <location filename="../ui/WorkbenchViews.cpp" line="159"/>
        <source>Mean (paper)</source>
        <translation>均值（论文）</translation>
    </message>
    <message>
        <location filename="../ui/WorkbenchViews.cpp" line="160"/>
        <source>Cell details</source>
        <translation>单元格详情</translation>
    </message>
    <message>
        <location filename="../ui/WorkbenchViews.cpp" line="161"/>
        <source>Click a refusal-heatmap cell to see the prompt, both generations and the scores.</source>
        <translation>点击拒绝热图中的单元格，查看提示、两次生成结果和分数。</translation>
    </message>
    <message>
        <location filename="../ui/WorkbenchViews.cpp" line="229"/>
        <source>Refusal, %1 − A</source>
        <translation>拒绝率，%1 − A</translation>
    </message>
    <message>
        <location filename="../ui/WorkbenchViews.cpp" line="230"/>
        <source>prompt</source>
        <translation>提示</translation>
    </message>
    <message>
        <location filename="../ui/WorkbenchViews.cpp" line="230"/>
        <location filename="../ui/WorkbenchViews.cpp" line="237"/>
        <source>layer</source>
        <translation>层</translation>
    </message>
    <message>
        <location filename="../ui/WorkbenchViews.cpp" line="236"/>
        <source>LVS, %1 − A</source>
        <translation>LVS，%1 − A</translation>
    </message>
    <message>
        <location filename="../ui/WorkbenchViews.cpp" line="237"/>
        <source>relative budget p</source>
        <translation>相对预算 p</translation>
    </message>
    <message>
        <location filename="../ui/WorkbenchViews.cpp" line="230"/>
        <source>Δ refusal (red: %1 refuses less)</source>
        <translation>Δ 拒绝率（红色：%1 拒绝更少）</translation>
    </message>
    <message>
        <location filename="../ui/WorkbenchViews.cpp" line="237"/>
        <source>Δ LVS (red: %1 more vulnerable)</source>
        <translation>Δ LVS（红色：%1 更脆弱）</translation>
    </message>
    <message>
        <location filename="../ui/WorkbenchViews.cpp" line="244"/>
        <source>%1 — clean refusal %2 [%3, %4]</source>
        <translation>%1 — 无扰动拒绝率 %2 [%3, %4]</translation>
    </message>
    <message>
        <location filename="../ui/WorkbenchViews.cpp" line="249"/>
        <source>%1 · no model</source>
        <translation>%1 · 无模型</translation>
    </message>
    <message>
        <location filename="../ui/WorkbenchViews.cpp" line="257"/>
        <source>judge: %1</source>
        <translation>评判：%1</translation>
    </message>
    <message>
        <location filename="../ui/WorkbenchViews.cpp" line="259"/>
        <source>judge: refusal logits</source>
        <translation>评判：拒绝 logits</translation>
    </message>
    <message>
        <location filename="../ui/WorkbenchViews.cpp" line="263"/>
        <source>judge: refusal prefixes</source>
        <translation>评判：拒绝前缀</translation>
    </message>
    <message>
        <location filename="../ui/WorkbenchViews.cpp" line="271"/>
        <source>clean</source>
        <translation>无扰动</translation>
    </message>
    <message>
        <location filename="../ui/WorkbenchViews.cpp" line="271"/>
        <source>layer %1, p = %2</source>
        <translation>第 %1 层，p = %2</translation>
    </message>
    <message>
        <location filename="../ui/WorkbenchViews.cpp" line="277"/>
        <source>full attack: %1</source>
        <translation>完整攻击：%1</translation>
    </message>
    <message>
        <location filename="../ui/WorkbenchViews.cpp" line="278"/>
        <source>one-step logit estimate (refining…)</source>
        <translation>单步 logit 估计（细化中…）</translation>
    </message>
    <message>
        <location filename="../ui/WorkbenchViews.cpp" line="278"/>
        <source>instant linear estimate (refining…)</source>
        <translation>即时线性估计（细化中…）</translation>
    </message>
    <message>
        <location filename="../ui/WorkbenchViews.cpp" line="280"/>
        <source>&lt;b&gt;Prompt %1 · %2&lt;/b&gt; %3&lt;br&gt;%4&lt;br&gt;refusal %5 %6</source>
        <translation>&lt;b&gt;提示 %1 · %2&lt;/b&gt; %3&lt;br&gt;%4&lt;br&gt;拒绝 %5 %6</translation>
    </message>
    <message>
        <location filename="../ui/WorkbenchViews.cpp" line="311"/>
        <source>&lt;p&gt;Refusal &lt;b&gt;estimate&lt;/b&gt; %1 (live tier, marked with a ring in the heatmap). The full attack (PGD, generation, judge, reward) for this cell is still running.&lt;/p&gt;</source>
        <translation>&lt;p&gt;拒绝率&lt;b&gt;估计&lt;/b&gt; %1（实时层级，在热图中以圆环标记）。此单元的完整攻击（PGD、生成、评判、奖励）仍在运行。&lt;/p&gt;</translation>
    </message>
    <message>
        <location filename="../ui/WorkbenchViews.cpp" line="289"/>
        <source>layer %1, p = %2&lt;br&gt;LVS %3 [%4, %5]</source>
        <translation>第 %1 层，p = %2&lt;br&gt;LVS %3 [%4, %5]</translation>
    </message>
    <message>
        <location filename="../ui/WorkbenchViews.cpp" line="298"/>
        <source>&lt;h3&gt;Model %1 · prompt %2&lt;/h3&gt;</source>
        <translation>&lt;h3&gt;模型 %1 · 提示 %2&lt;/h3&gt;</translation>
    </message>
    <message>
        <location filename="../ui/WorkbenchViews.cpp" line="298"/>
        <source>%1 · %2</source>
        <translation>%1 · %2</translation>
    </message>
    <message>
        <location filename="../ui/WorkbenchViews.cpp" line="309"/>
        <source>&lt;p&gt;No attack at this layer (its slider is at 0): the row shows the clean behaviour, refusal %1.&lt;/p&gt;</source>
        <translation>&lt;p&gt;该层无攻击（其滑块为 0）：此行显示无攻击时的行为，拒绝率 %1。&lt;/p&gt;</translation>
    </message>
    <message>
        <location filename="../ui/WorkbenchViews.cpp" line="316"/>
        <source>&lt;p&gt;&lt;b&gt;Clean generation&lt;/b&gt; (%1)&lt;br&gt;%2&lt;/p&gt;</source>
        <translation>&lt;p&gt;&lt;b&gt;无扰动生成&lt;/b&gt;（%1）&lt;br&gt;%2&lt;/p&gt;</translation>
    </message>
    <message>
        <location filename="../ui/WorkbenchViews.cpp" line="318"/>
        <source>&lt;p&gt;&lt;b&gt;Perturbed generation&lt;/b&gt; at layer %1, p = %2 (%3)&lt;br&gt;%4&lt;/p&gt;</source>
        <translation>&lt;p&gt;&lt;b&gt;扰动后生成&lt;/b&gt;，第 %1 层，p = %2（%3）&lt;br&gt;%4&lt;/p&gt;</translation>
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
        <translation>判定结果</translation>
    </message>
    <message>
        <location filename="../ui/WorkbenchViews.cpp" line="330"/>
        <source>LVS row (η = 1e-4)</source>
        <translation>LVS 行值（η = 1e-4）</translation>
    </message>
    <message>
        <location filename="../ui/WorkbenchViews.cpp" line="331"/>
        <source>target NLL clean → attacked</source>
        <translation>目标 NLL 无扰动 → 攻击后</translation>
    </message>
    <message>
        <location filename="../ui/WorkbenchViews.cpp" line="331"/>
        <source>%1 → %2</source>
        <translation>%1 → %2</translation>
    </message>
</context>
</TS>
