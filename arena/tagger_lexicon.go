package arena

import "slices"

// The signals words, phrases and patterns give. Entries are lower case; see newLexicon
// for their forms. Each language lists what its users write (German compounds by
// suffix, Russian inflections by stem), and the criteria's lists give the same
// concepts in all eight languages, so that no rule works in English alone.
const (
	sigNone signal = iota // a neutral entry, there to stop a shorter CJK one matching inside it

	// code
	sigCode         // programming words no other field uses
	sigCodeWeak     // programming words that are also other things (class, function, bug, server)
	sigCodeWord     // the word "code" itself
	sigNotCode      // "zip code", "dress code": a code that is not a program
	sigPython       // python, unless the prompt is about a snake
	sigAnimal       // pets and zoos, which make python a snake
	sigCodeLang     // language and framework names that name nothing else
	sigCodeLangWeak // names that also name an island, a metal or a singer
	sigInLang       // "in C", "用C语言": a language named as the one to write in
	sigFence        // a fenced code block
	sigTrace        // a stack trace or an error a program printed
	sigCodeLine     // a line that reads as code

	// math
	sigMath       // mathematics no other field uses: equation, integral, prime numbers
	sigMathWeak   // words of arithmetic and measure: sum, average, percent, dice
	sigMathVerb   // solve, calculate, prove
	sigNotMath    // the history or teaching of mathematics rather than doing it
	sigQuantity   // how many, how much, cuánto, 多少: a question whose answer is a number
	sigFinance    // interest, loans and payments, which are computed
	sigNumber     // a quantity (not a phone number, date, time or version)
	sigArithmetic // an operation between numbers or with a variable
	sigMathSymbol // ∫, √, sin(, f(x), \frac

	// creative writing
	sigCreative    // forms that are creative writing whatever the verb: poem, haiku, fairy tale, joke
	sigCreativeAmb // forms that are creative only when asked for: story, song, script, speech
	sigStory       // historia, Geschichte, histoire, история: story or history
	sigWrite       // verbs that ask for a text: write, compose, escribe, напиши, 写
	sigTell        // tell, cuéntame, erzähl, raconte, расскажи
	sigIndef       // an indefinite article, which makes historia a story
	sigAnalysis    // reading a text rather than writing one: analyse, meaning, summarise, translate
	sigNotCreative // "user story", "story points": stories of software work

	// instruction following: one signal for each kind of constraint on the answer
	sigIFLength    // a length or a number of items
	sigIFFormat    // JSON, a table, bullet points, a numbered list
	sigIFStructure // a title, sections, an introduction and a conclusion
	sigIFLanguage  // the language to answer in
	sigIFStyle     // tone, audience, case, rhyme and metre
	sigIFAvoid     // words, emojis or changes to avoid
	sigIFInclude   // what the answer must contain
	sigIFOnly      // nothing but the answer
	sigIFPosition  // how the answer starts or ends
	sigIFWeak      // briefly, step by step: a wish rather than a constraint
	sigTranslate   // a translation, whose target language is the task, not a constraint

	// criteria
	sigGreeting  // small talk
	sigTech      // sciences, medicine, law, finance, engineering
	sigDomain    // history, literature, languages, nutrition and other fields of knowledge
	sigPersonal  // my, our, I: the asker's own situation
	sigPractical // things of daily and working life: a landlord, a budget, a website
	sigDesign    // design, plan, architecture, migrate, compare
	sigTrouble   // an error, a crash, something that fails or is slow
	sigHowTo     // how do I, how to, 怎么
	sigHowDo     // how to do something, read by grammar (howDo): cómo quito, wie bekomme ich, как исправить
	sigClause    // a comma or semicolon in prose: a request of several parts
	sigTests     // tests, pruebas, тесты: tests asked for beside a program
	sigRights    // can my landlord, is it legal: the asker's rights, a question of law
	sigWorks     // work, funciona, работает, 仕組み: how something works, asked with explain or how
	sigExplain   // what is, why, explain, difference between
	sigSuggest   // recommend, suggest, ideas, names
	sigToy       // textbook exercises: palindromes, Fibonacci, linked lists
	sigAdvice    // should I, what are my rights, is it safe
	sigTool      // tools programs run in: git, docker, cron, a database, a web server
	sigProof     // prove, show that, démontre, докажи
	sigChoice    // how would you, should we, is it worth: a choice between solutions to weigh
	sigDeep      // explain, why, difference between: a question that needs knowledge, not a fact
	sigPeriod    // a historical or game setting, which gives creative writing a domain
	sigRewrite   // rewrite, rephrase, proofread: a text given to be reworked
	sigAsk       // verbs of request: write, use, list, compare; several make a task of several parts
	sigListLine  // a line that starts a list item: a prompt listing requirements
	sigQuestion  // a question mark
	sigSentence  // the end of a sentence

	nSignals
)

var lex = newLexicon(map[signal][]string{
	sigNone: {"程序员", "程序猿", "诗人", "詩人", "プログラマー", "码农", "代码农"},

	sigCode: {
		"programming", "coding", "source code", "algorithm", "algorithms", "recursion", "recursive", "linked list",
		"doubly linked list", "binary tree", "hashmap", "hash map", "hash table", "array", "arrays", "compile", "compiler",
		"compiling", "debug", "debugging", "debugger", "refactor", "refactoring", "runtime", "syntax error",
		"segfault", "segmentation fault", "null pointer", "api", "apis", "endpoint", "endpoints",
		"backend", "frontend", "database", "databases", "sql", "mysql", "postgres", "postgresql", "sqlite", "mongodb",
		"mongoose", "redis", "regex", "regexp", "regular expression", "git", "github", "gitlab", "pull request",
		"merge conflict", "docker", "dockerfile", "kubernetes", "k8s", "nginx", "bash", "shell script", "powershell",
		"command line", "npm", "pip", "yarn", "webpack", "jvm", "junit", "pytest", "unit test", "unit tests",
		"object oriented", "multithreading", "race condition", "deadlock", "mutex", "async", "await", "callback",
		"lambda", "stdout", "stderr", "printf", "println", "localhost", "curl", "wget", "ssh", "sudo", "cron",
		"crontab", "cronjob", "venv", "virtualenv", "dataframe", "jupyter", "pycharm", "vscode", "vs code",
		"intellij", "stack trace", "traceback", "leetcode", "github actions", "ci cd", "microservices",
		"microservice", "monolith", "orm", "indexes", "wordpress", "jenkins", "celery", "sidekiq", "gunicorn",
		"heroku", "terraform", "ansible", "elasticsearch", "meilisearch", "clickhouse", "kafka", "rabbitmq", "grpc",
		"graphql", "websocket", "oauth", "jwt", "vba", "unity", "unreal engine", "godot", "raycast", "shader",
		"symfony", "dompdf", "nuxt", "svelte", "fastapi", "blazor", "flutter", "swiftui", "woocommerce", "delphi",
		"1с", "1c", "ms sql", "sql server", "aiogram", "телеграм бот", "telegram bot", "raspberry pi", "ubuntu", "typescript interface", "type hints", "big o", "o 1", "o n",
		"time complexity", "quicksort", "bubble sort", "binary search", "lru cache", "http handler", "rest api",
		"div", "css", "html", "repo", "repository", "rebase", "readiness probe", "deployment yaml", "metaspace",
		"spring boot", "react native", "gradle", "maven",
		"rest schnittstelle", "endpunkt*", "エンドポイント", "数据表", "テーブル構成",
		"apache", "htaccess", "systemd", "systemctl", "iis",
		// Chinese, Japanese
		"代码", "编程", "算法", "递归", "链表", "数组", "数据库", "编译", "调试", "报错", "爬虫", "正则", "前端",
		"后端", "并发", "线程", "sql查询", "c语言",
		"コード", "プログラミング", "アルゴリズム", "再帰", "連結リスト", "配列", "データベース", "デバッグ",
		"コンパイル", "バグ", "c言語", "本番環境",
		// Spanish, Portuguese
		"programación", "programacion", "base de datos", "lista enlazada", "algoritmo", "recursión", "recursividad",
		"depurar", "compilar", "bucle", "consulta sql", "programação", "banco de dados", "lista ligada",
		"lista encadeada", "recursão",
		// German
		"programmierung", "programmieren", "quellcode", "datenbank", "verkettete liste", "algorithmus",
		"rekursion", "kompilieren", "debuggen", "schleife", "sql abfrage",
		// French
		"programmation", "base de données", "liste chaînée", "algorithme", "récursivité", "récursion", "déboguer",
		"boucle", "requête sql",
		// Russian
		"программирован*", "база данных", "базы данных", "базу данных", "связный список", "связного списка",
		"алгоритм*", "рекурси*", "компил*", "отлад*", "бэкенд*", "фронтенд*", "sql запрос", "sql запроса",
	},
	sigCodeWeak: {
		"function", "functions", "variable", "variables", "class", "classes", "method", "methods", "interface",
		"thread", "threads", "promise", "bug", "bugs", "exception", "script", "scripts", "query", "queries",
		"server", "servers", "framework", "library", "deploy", "deployment", "container", "pipeline", "schema",
		"index", "plugin", "app", "terminal", "linux", "cli", "commit", "branch", "merge", "aws", "loop",
		"compile", "build", "stack", "queue", "cache", "caching", "web", "website", "tests", "test", "string", "integer",
		"boolean", "null", "undefined", "request", "requests", "response", "parse", "parser", "syntax", "module",
		"package", "import", "install", "config", "configuration", "workflow", "production", "process", "program",
		"upload", "uploads", "handler", "struct", "component", "render", "json", "yaml", "closure", "closures",
		"pointer", "pointers", "manifest", "jvm", "tcp", "udp", "fps", "frame rate", "pdf", "access", "vps",
		"函数", "程序", "接口", "变量", "服务器", "架构", "缓存", "脚本", "开发", "部署", "进程", "项目", "系统",
		"関数", "変数", "プログラム", "スクリプト", "サーバー", "コンテナ", "システム", "実装", "エラー",
		"función", "funcion", "variable", "script", "consulta", "servidor", "clase", "error", "arreglo", "programa",
		"função", "variável", "classe", "erro", "laço",
		"funktion", "variable", "skript", "abfrage", "klasse", "fehlermeldung", "befehl", "build", "programm",
		"fonction", "variable", "requête", "classe", "serveur", "programme", "plugin",
		"функци*", "переменн*", "скрипт*", "запрос*", "класс", "сервер*", "программ*", "продакшен*", "цикл", "процесс*",
		"поток*", "приложени*",
	},
	sigCodeWord: {"code", "código", "codigo", "код", "кода", "коде", "codes"},
	sigNotCode: {
		"zip code", "dress code", "morse code", "promo code", "postal code", "area code", "discount code",
		"coupon code", "qr code", "bar code", "code of conduct", "da vinci code", "access code", "country code",
		"phone code", "my promo code", "código postal", "código de vestimenta", "código civil", "código penal",
		"código de barras", "código promocional", "code postal", "code vestimentaire", "code civil",
		"code de la route", "дресс код", "код подтверждения",
	},
	sigPython:      {"python", "python3", "py"},
	sigNotCreative: {"user story", "user stories", "story points", "success story", "true story"},
	sigAnimal:      {"snake", "snakes", "terrarium", "enclosure", "reptile", "reptiles", "zoo", "pet", "cage", "vivarium"},
	sigCodeLang: {
		"javascript", "typescript", "golang", "kotlin", "php", "html", "css", "bash", "powershell", "perl",
		"haskell", "lua", "matlab", "fortran", "cobol", "solidity", "nodejs", "node js", "react", "vue", "angular",
		"django", "flask", "laravel", "jquery", "numpy", "tensorflow", "pytorch", "pycharm", "java script", "js",
		"jsx", "objective c", "asp net", "net core", "express js", "next js", "nextjs",
	},
	sigCodeLangWeak: {"java", "rust", "swift", "ruby", "dart", "julia", "elixir", "scala", "spring", "express", "node", "rails", "go"},

	// math
	sigMath: {
		"equation", "equations", "integral", "integrals", "derivative", "derivatives", "differentiate",
		"antiderivative", "theorem", "prove that", "prime number", "prime numbers", "primes", "a prime",
		"prime factorization", "factorial", "polynomial", "quadratic", "logarithm", "eigenvalue", "eigenvalues",
		"eigenvector", "eigenvectors", "determinant", "calculus", "trigonometry", "hypotenuse", "pythagorean",
		"perimeter", "circumference", "square root", "cube root", "sqrt", "divisible", "divisor", "gcd", "lcm",
		"greatest common divisor", "modulo", "permutations", "combinatorics", "probability", "expected value",
		"variance", "standard deviation", "irrational", "integer solutions", "linear program", "linear programming",
		"local maxima", "local minima", "maxima", "minima", "solve for", "compound interest", "odd numbers",
		"even numbers", "bayes", "bayes theorem", "sum of the first", "arithmetic", "algebra", "geometry",
		"what is the area", "its area",
		"方程", "积分", "导数", "求导", "微分", "质数", "素数", "概率", "几率", "极值", "几何", "三角形", "面积",
		"周长", "体积", "无理数", "有理数", "平方根", "根号", "矩阵", "行列式", "特征值", "阶乘", "数列", "等差",
		"等比", "解方程", "定积分", "不定积分",
		"整除", "正整数",
		"方程式", "積分", "微分", "導関数", "素数", "確率", "階乗", "多項式", "対数", "幾何", "三角関数", "面積",
		"体積", "平方根", "無理数", "有理数", "√",
		"ecuación", "ecuaciones", "ecuacion", "derivada", "teorema", "demuestra", "demostrar", "demostración",
		"números primos", "numeros primos", "probabilidad", "factorial", "polinomio", "logaritmo", "álgebra",
		"geometría", "trigonometría", "hipotenusa", "perímetro", "raíz cuadrada", "interés compuesto",
		"equação", "equações", "teorema", "probabilidade", "fatorial", "polinômio", "geometria", "trigonometria",
		"perímetro", "raiz quadrada", "ângulos internos", "juros compostos",
		"gleichung", "gleichungen", "integral", "ableitung", "beweise", "beweisen", "primzahl*",
		"wahrscheinlichkeit", "polynom", "logarithmus", "geometrie", "trigonometrie", "hypotenuse",
		"quadratwurzel", "teilbar", "zinseszins", "ungerader zahlen", "gerader zahlen", "ungerade zahlen",
		"équation", "équations", "intégrale", "dérivée", "théorème", "démontre", "démontrer", "démonstration",
		"nombres premiers", "nombre premier", "probabilité", "factorielle", "polynôme", "logarithme", "géométrie",
		"trigonométrie", "hypoténuse", "périmètre", "racine carrée", "intérêts composés", "somme des angles",
		"уравнени*", "интеграл*", "производн*", "теорем*", "докажи", "доказать", "доказательств*",
		"простых чисел", "простые числа", "простое число", "вероятност*", "факториал*", "многочлен*",
		"логарифм*", "геометри*", "тригонометри*", "гипотенуз*", "периметр*", "квадратный корень",
	},
	sigMathWeak: {
		"math", "maths", "mathematics", "mathematical", "number", "numbers", "sum", "total", "average", "mean",
		"percent", "percentage", "ratio", "triangle", "rectangle", "circle", "square", "cube", "angle", "angles",
		"dice", "die", "coin", "coins", "marbles", "speed", "distance", "mph", "km h", "area", "volume", "radius",
		"diameter", "integer", "integers", "fraction", "fractions", "matrix", "simplify", "prime", "proof",
		"rolls", "drawn", "fibonacci", "mod", "odds", "median", "exponent", "sine", "cosine", "tangent",
		"maximise", "maximize", "minimize", "minimise", "profit", "constraints", "kwh", "wattage", "watts", "capacity",
		"数学", "计算", "百分之", "平均", "平方", "整数", "分数", "比例", "随机", "函数", "证明",
		"数学", "計算", "割合", "平均", "整数", "分数", "サイコロ", "行列", "証明", "時給", "月給",
		"matemáticas", "suma", "promedio", "media", "porcentaje", "área", "fracción", "velocidad", "matriz",
		"cálculo", "primo", "dados",
		"matemática", "soma", "média", "porcentagem", "área", "fração", "matriz", "cálculo", "dados", "dois dados",
		"mathe", "mathematik", "summe", "durchschnitt", "prozent", "fläche", "umfang", "bruch", "würfeln",
		"würfel", "matrix", "zinsen", "integral",
		"mathématiques", "maths", "somme", "moyenne", "pourcentage", "aire", "fraction", "matrice", "pièces",
		"математик*", "сумм*", "средн*", "процент*", "площад*", "дроб*", "матриц*", "карт", "колоды",
	},
	sigMathVerb: {
		"solve", "calculate", "compute", "evaluate", "factorize", "factor", "prove", "show that", "derive",
		"integrate", "find the value",
		"解", "求", "计算", "算一下", "证明", "解いて", "計算して", "求めて", "証明して",
		"resuelve", "resolver", "calcula", "calcular", "demuestra", "resolva", "calcule", "prove", "demonstre",
		"löse", "lösen", "berechne", "berechnen", "beweise", "rechne",
		"résous", "résoudre", "calcule", "calculer", "démontre",
		"реши", "решить", "вычисли", "посчитай", "найди", "докажи",
	},
	sigNotMath: {
		"who invented", "who discovered", "history of", "who was", "biography", "textbook", "book", "books",
		"recommend", "course", "teacher", "tutor", "invented calculus", "learning linear algebra",
		"quién fue", "quién inventó", "wer war", "wer erfand", "qui était", "qui a inventé", "кто такой",
		"кто изобрёл", "是哪个国家的人", "是谁", "どんな人", "quem foi", "quem inventou", "temperature",
	},
	sigQuantity: {
		"how many", "how much", "how long", "how far", "how old", "what is the probability",
		"what s the probability", "what percentage", "when do they meet", "how many ways", "what number",
		"cuánto", "cuántos", "cuántas", "cuánta", "cuanto", "wie viel", "wie viele",
		"wieviel", "wie groß ist", "combien", "quel est le prix", "quelle est la probabilité", "сколько",
		"какова вероятность", "каким будет", "какой будет", "多少", "几个", "いくら", "いくつ", "何人", "確率は",
		"quanto", "quantos", "quantas", "qual a probabilidade", "what is the total",
	},
	sigFinance: {
		"interest", "apr", "loan", "mortgage", "compound interest", "monthly payment", "installments", "owe",
		"fee", "rental", "cost", "price", "paid",
		"credit card", "balance", "pay off", "save", "salary after tax", "after tax",
		"利息", "利率", "分期", "工资", "房租", "月給", "時給",
		"intereses", "préstamo", "cuota", "zinsen", "kredit", "intérêts", "prêt", "soldé", "soldes",
		"кредит", "годовых", "платёж", "платеж", "ежемесячный", "juros", "parcelas", "prestação",
	},

	// creative writing
	sigCreative: {
		"poem", "poems", "poetry", "haiku", "haikus", "sonnet", "sonnets", "limerick", "lyrics", "song lyrics",
		"ballad", "ode", "elegy", "short story", "bedtime story", "fairy tale", "fable", "fanfic", "fan fiction",
		"screenplay", "monologue", "once upon a time", "joke", "jokes", "knock knock", "pun", "puns", "roleplay",
		"role play", "let s role play", "pretend you are", "pretend you re", "pretend to be", "imagine you are",
		"imagine you re", "you are a grumpy", "stay in character", "in character",
		"诗", "诗歌", "歌词", "童话", "笑话", "睡前故事", "角色扮演", "扮演", "续写", "寓言", "剧本", "科幻短篇",
		"短篇小说",
		"詩", "俳句", "短歌", "歌詞", "童話", "ロールプレイ", "ジョーク", "物語の続き",
		"poema", "poemas", "poesía", "cuento", "cuentos", "fábula", "chiste", "chistes", "érase una vez",
		"había una vez", "soneto", "juego de rol", "finge que", "imagina que eres", "letra de una canción",
		"poesia", "conto", "contos", "piada", "piadas", "era uma vez", "finja que", "imagine que você é",
		"de ninar", "haicai", "letra de samba",
		"gedicht", "gedichte", "märchen", "fabel", "songtext", "liedtext", "witz", "witze", "es war einmal",
		"rollenspiel", "gutenachtgeschichte", "kurzgeschichte", "drehbuch", "sonett",
		"poème", "poèmes", "poésie", "haïku", "fable", "blague", "blagues", "il était une fois",
		"jeu de rôle", "imagine que tu es",
		"стих", "стихи", "стихов", "стихотворени*", "поэм*", "сказк*", "басн*", "рассказ", "рассказа",
		"рассказы", "хайку", "сонет*", "анекдот*", "ролевая игра", "ролевую игру", "притворись",
	},
	sigCreativeAmb: {
		"story", "stories", "tale", "tales", "song", "songs", "rap", "verse", "verses", "script", "scene",
		"dialogue", "dialog", "novel", "chapter", "narrative", "fiction", "speech", "toast", "eulogy", "vows",
		"horoscope", "riddle", "letter home", "lyric", "ad",
		"故事", "小说", "散文", "段子",
		"物語", "小説", "ストーリー", "続き",
		"relato", "canción", "cancion", "guion", "guión", "novela", "letra", "escena",
		"canção", "roteiro", "crônica", "cronica", "samba", "novela", "cena",
		"lied", "roman", "erzählung", "szene",
		"chanson", "paroles", "scénario", "nouvelle", "récit", "scène", "conte", "contes",
		"песн*", "сценари*", "роман",
	},
	sigStory: {
		"historia", "historias", "história", "histórias", "geschichte", "*geschichte", "histoire", "histoires",
		"историю", "история", "истории", "историй",
	},
	sigWrite: {
		"write", "compose", "create", "make up", "come up with", "continue", "generate", "craft", "draft",
		"rewrite", "writing", "convert", "convierte", "konvertiere", "convertis", "конвертируй", "converta", "转换",
		"変換",
		"写", "编", "创作", "续写", "作一首", "来一首",
		"書いて", "作って", "作成して", "考えて", "書く",
		"escribe", "escribir", "escríbeme", "escribeme", "redacta", "compón", "crea", "inventa", "hazme", "haz",
		"escreva", "escrever", "escreve", "crie", "componha", "invente", "faça", "faz",
		"schreib", "schreibe", "schreiben", "verfasse", "dichte", "erfinde", "erstelle",
		"écris", "écrivez", "écrire", "rédige", "compose", "invente", "crée", "continue",
		"напиши", "написать", "сочини", "придумай", "продолжи",
	},
	sigTell: {
		"tell", "cuéntame", "cuentame", "cuenta", "erzähl", "erzähle", "raconte", "racontez", "расскажи",
		"讲", "讲一个", "conte", "conta", "me conta", "聞かせて",
	},
	sigIndef: {"a", "an", "un", "una", "ein", "eine", "einen", "une", "um", "uma"},
	sigAnalysis: {
		"analyze", "analyse", "analysis", "meaning", "mean", "means", "summarize", "summarise", "summary",
		"interpret", "interpretation", "explain", "explanation", "theme", "themes", "symbolism", "imagery",
		"who wrote", "what is it about", "recommend", "recommendations", "review", "critique", "translate",
		"translation", "rhyme scheme of", "plot of", "is it about", "true story",
		"意思", "什么意思", "分析", "赏析", "解释", "翻译", "推荐", "总结", "概括",
		"意味", "解説", "翻訳", "要約", "おすすめ",
		"significa", "significado", "analiza", "análisis", "resume", "resumen", "explica", "traduce", "recomienda",
		"quiso decir", "quis dizer", "analise", "análise", "resuma", "resumo", "explique", "traduza", "recomende",
		"bedeutet", "bedeutung", "analysiere", "analyse", "fasse", "zusammenfassung", "erkläre", "übersetze",
		"was will", "empfiehl", "wahre geschichte",
		"veut dire", "signifie", "analyse", "résume", "résumé", "explique", "traduis", "recommande", "histoire vraie",
		"значит", "смысл", "о чём", "о чем", "анализ*", "перескажи", "объясни", "переведи", "посоветуй", "кратко",
	},

	// instruction following
	sigInLang: inLang(),
	sigTrace: {
		"traceback most recent call last", "segmentation fault", "npm err", "exit code", "cannot read properties",
		"non fast forward", "502 bad gateway", "internal server error", "404 not found", "java lang",
		"undefined is not", "is not a function", "is not defined", "null reference", "stack overflow error",
		"core dumped", "syntaxerror", "typeerror", "valueerror", "keyerror", "nullpointerexception",
	},
	sigIFLength: {
		"one sentence", "a single sentence", "single sentence", "one paragraph", "single paragraph", "one word",
		"one line", "one per line", "one liner", "two short paragraphs", "four line", "each under",
		"一句话", "一段话", "字以内", "不超过", "文字以内", "一文で", "以内で",
		"una frase", "una sola frase", "una oración", "máximo", "cada una", "einem satz", "einen satz", "höchstens",
		"maximal", "une phrase", "une seule phrase", "одним предложением", "одно предложение", "не более",
		"не больше", "uma frase", "no máximo",
	},
	sigIFFormat: {
		"bullet points", "bullet point", "bullets", "bulleted", "bullet list", "bullet lists", "numbered list",
		"as a list", "in a list", "one per line", "comma separated", "separated by commas", "code block",
		"as a table", "in a table", "markdown table", "a markdown table", "table with", "formatted as",
		"in the following format", "in this format", "in json", "as json", "json format", "respond in json",
		"in yaml", "as yaml", "in csv", "as csv", "in markdown", "rhyme scheme", "abab", "with columns",
		"表格", "列表", "编号", "要点", "每行一个", "json格式", "格式返回", "格式输出",
		"箇条書き", "表形式", "番号付き", "リスト形式", "形式で",
		"viñetas", "lista numerada", "en formato", "formato de tabla", "en una tabla", "separados por comas",
		"con columnas", "en tópicos", "em tópicos", "em tabela", "em uma tabela", "no formato", "marcadores",
		"stichpunkte", "stichpunkten", "nummerierte liste", "als liste", "aufzählung", "als tabelle",
		"einer tabelle", "mit den spalten",
		"liste à puces", "puces", "liste numérotée", "sous forme de liste", "sous forme de tableau", "en tableau",
		"нумерованным списком", "нумерованный список", "списком", "маркированн*", "в формате", "в виде таблицы",
		"таблицей", "в формате json",
	},
	sigIFStructure: {
		"a title", "with a title", "headings", "heading", "subheadings", "sections", "an introduction",
		"a conclusion", "pros and cons", "body paragraphs", "rating out of", "tl dr", "grouped by", "sorted by",
		"ordered by", "most severe first", "in order of", "按", "分类",
		"标题", "小标题", "見出し", "タイトル",
		"título", "secciones", "introducción", "conclusión", "seções", "introdução", "conclusão",
		"überschrift*", "abschnitte", "einleitung", "fazit",
		"titre", "introduction", "conclusion",
		"заголов*", "вступлени*", "заключени*",
	},
	sigIFLanguage: {
		"answer in english", "answer in spanish", "answer in french", "answer in german", "respond in english",
		"respond in spanish", "reply in english", "in english", "in spanish", "in french", "in german",
		"in chinese", "in japanese", "in russian", "in portuguese",
		"用英文", "用中文", "用英语", "用日语", "英語で", "日本語で",
		"en inglés", "en español", "en francés", "en alemán", "em inglês", "em português", "em espanhol",
		"auf englisch", "auf deutsch", "auf spanisch", "en anglais", "en français", "en espagnol", "en allemand",
		"на английском", "на русском", "по английски",
	},
	sigIFStyle: {
		"formal", "formally", "informal", "casual", "polite", "politely", "more polite", "friendly tone", "tone",
		"humorous", "funny", "sarcastic", "heartfelt", "plain language", "simple language", "simple terms",
		"like i m five", "like i am five", "eli5", "to a beginner", "for a beginner", "for beginners", "for a child",
		"for kids", "in the style of", "iambic", "pentameter", "rhymes", "rhyming", "lowercase", "lower case",
		"uppercase", "upper case", "all caps", "capital letters", "first person", "third person", "present tense",
		"persuasive", "neutral tone", "same voice", "same tone", "same style",
		"正式", "语气", "口吻", "风格", "幽默", "通俗易懂", "小学生", "大写", "小写",
		"口調", "敬語", "丁寧", "わかるように", "風に", "スタイル", "雰囲気で", "语气和",
		"tono", "tono neutro", "divertido", "en mayúsculas", "en minúsculas", "para niños", "para principiantes",
		"estilo de", "profissional", "mais profissional", "em maiúsculas", "em minúsculas", "para crianças",
		"engraçado", "engraçada",
		"förmlich", "formell", "im stil", "locker", "lustig", "großbuchstaben", "kleinbuchstaben", "für kinder",
		"für anfänger", "einfachen worten", "einfache sprache", "perspektive",
		"soutenu", "drôle", "humoristique", "en majuscules", "en minuscules", "pour enfants", "pour un enfant",
		"style de", "pour débutants",
		"официальн*", "формальн*", "в стиле", "смешн*", "заглавными", "для детей", "для начинающих",
		"простыми словами", "вежлив*", "тоне", "в том же",
	},
	sigIFAvoid: {
		"do not use", "don t use", "dont use", "without using", "avoid", "no emojis", "no emoji", "without emojis",
		"do not mention", "don t mention", "without mentioning", "never use", "no jargon", "without jargon",
		"do not change", "don t change", "do not rewrite", "don t rewrite", "no technical terms",
		"without technical terms", "no title",
		"不要用", "不要使用", "不用", "不要出现", "不要提", "不能用", "专业术语", "不要改",
		"使わないで", "使わずに", "使用しない", "専門用語は", "含めないで",
		"no uses", "sin usar", "sin mencionar", "no menciones", "sin tecnicismos", "sin emojis", "no cambies",
		"não use", "sem usar", "sem mencionar", "sem termos técnicos", "sem emojis", "não mude",
		"verwende keine", "ohne fachbegriffe", "ohne fremdwörter", "nicht verwenden", "keine emojis",
		"ohne zu erwähnen", "ändere nicht",
		"n utilise pas", "sans utiliser", "sans mentionner", "sans jargon", "sans emoji", "ne change pas",
		"не используй", "без терминов", "без использования", "не упоминай", "без эмодзи", "не меняй",
	},
	sigIFInclude: {
		"include", "including", "must include", "make sure to include", "hashtags", "hashtag", "keywords",
		"use the words", "analogy", "with the price", "must contain", "keep all", "with quantities",
		"with examples", "with sources",
		"包含", "必须有", "含めて",
		"incluye", "incluir", "con el precio", "inclua", "mantendo", "mantenha",
		"enthalte", "mit dem preis", "inclus", "inclure", "avec le prix", "entre parenthèses", "включи", "укажи",
	},
	sigIFOnly: {
		"only the", "only output", "only return", "return only", "respond only", "reply only", "answer only",
		"with only", "just the", "nothing else", "no explanation", "no explanations", "without explanation",
		"don t explain", "do not explain", "no extra text", "only names",
		"只要", "只输出", "只回答", "只给", "不要解释", "不要其他", "不要输出其他", "仅",
		"のみ", "だけで", "説明なし", "説明不要", "説明は不要",
		"solo con", "solamente", "únicamente", "sin explicaciones", "sin explicación", "nada más", "solo el",
		"apenas", "somente", "sem explicação", "nada mais",
		"nur mit", "nur den", "nur die", "ohne erklärung", "keine erklärung", "sonst nichts", "nichts weiter",
		"antworte nur",
		"uniquement", "seulement", "sans explication", "rien d autre",
		"ответь только", "только в формате", "только код", "только ответ", "без объяснений", "ничего больше",
	},
	sigIFPosition: {
		"start with", "starts with", "begin with", "begins with", "end with", "ends with", "finish with",
		"every line starts", "last line", "first line",
		"开头", "结尾", "始めて", "終わらせて",
		"empieza con", "comienza con", "termina con", "comece com", "termine com",
		"beginne mit", "ende mit", "schließe mit", "commence par", "termine par", "начни с", "закончи",
	},
	sigIFWeak: {"briefly", "step by step", "concise", "concisely", "short", "in detail", "detailed", "简要", "详细", "簡単に", "brevemente", "kurz", "bref", "кратко", "подробно"},
	sigTranslate: {
		"translate", "translation", "traduce", "traducir", "traduza", "traduzir", "übersetze", "übersetzen",
		"traduis", "traduire", "переведи", "перевести", "翻译", "翻訳", "译成", "translate to", "into morse",
	},

	// criteria
	sigGreeting: {
		"hi", "hello", "hey", "how are you", "who are you", "what can you do", "what s up", "thanks", "thank you",
		"lol", "test", "meaning of life", "something interesting", "whats up", "sup", "yo",
		"你好", "您好", "你是谁", "谢谢", "在吗",
		"こんにちは", "ありがとう", "こんばんは",
		"hola", "cómo estás", "como estas", "gracias", "oi", "olá", "tudo bem", "obrigado", "obrigada",
		"hallo", "wie geht", "danke", "bonjour", "salut", "ça va", "merci", "привет", "как дела", "спасибо",
	},
	sigTech: {
		"physics", "chemistry", "biology", "quantum", "entanglement", "photosynthesis", "entropy", "vaccine",
		"vaccines", "virus", "bacterium", "bacteria", "neural network", "transformer", "machine learning",
		"blockchain", "dna", "protein", "atom", "molecule", "electron", "gravity", "relativity", "earthquake",
		"symptom", "symptoms", "disease", "deficiency", "medication", "ibuprofen", "paracetamol", "dose",
		"blood pressure", "diabetes", "hypertension", "vitamin", "side effects", "infection", "iron",
		"legal", "law", "rights", "lawsuit", "contract", "tenant", "ira", "roth ira", "401 k", "tax", "taxes",
		"ley", "leyes", "contrato", "derechos", "gesetz", "gesetzlich", "vertrag", "mietvertrag", "arbeitsvertrag",
		"loi", "contrat", "droits", "légal", "закон*", "договор*", "lei", "direito", "direitos", "合同", "权利", "契約",
		"権利", "違法", "违法", "合法", "employment law", "climate", "clima", "klima", "climat", "климат*", "气候", "気候",
		"gravity", "gravedad", "schwerkraft", "gravité", "гравитац*", "gravidade", "重力", "引力",
		"inflation", "mortgage", "investment", "solar", "panel", "battery", "inverter", "voltage", "kwh",
		"circuit", "brake", "brakes", "engine", "sky blue", "sky is blue", "colour", "leaves", "salty",
		"区块链", "光合作用", "高血压", "症状", "药", "物理", "化学", "生物", "机器学习", "法律", "通货膨胀",
		"利率", "投资", "天空", "蓝色",
		"機械学習", "光合成", "症状", "薬", "物理", "化学", "法律", "税金", "空は",
		"inflación", "terremotos", "terremoto", "medusa", "síntomas", "fotosíntesis", "física", "química",
		"fotossíntese", "sintomas", "remédio", "salgado", "física",
		"photosynthese", "nebenwirkungen", "ibuprofen", "medikament", "symptome", "physik", "chemie", "himmel",
		"réchauffement", "symptômes", "carence", "vitamine", "photosynthèse", "physique", "chimie", "feuilles",
		"инфляци*", "симптом*", "лекарств*", "физик*", "хими*", "солён*", "солен*",
	},
	sigDomain: {
		"history", "historical", "war", "revolution", "empire", "battle", "ancient", "century", "geography",
		"papiers", "etiquette", "tip", "tipping", "propina", "trinkgeld", "pourboire", "чаевы*", "gorjeta", "小费", "チップ",
		// travel and sights, papers and offices, recommendations of a field: in each language
		"day trips", "sights", "sightseeing", "places to", "passport", "visa", "paperwork", "textbook", "recommendations",
		"qué ver", "pasaporte", "trámites", "sehenswürdigkeiten", "reisepass", "unterlagen", "à visiter", "passeport",
		"démarches", "что посмотреть", "паспорт*", "o que visitar", "passaporte", "documentos",
		"景点", "护照", "签证", "手续", "観光地", "パスポート", "手続き", "場所",
		"grammar", "philosophy", "literature", "economics", "nutrition", "diet", "vegetarian", "recipe",
		"cooking", "workout", "gym", "fitness", "health", "healthy", "breakfast", "dinner", "sleep", "marketing",
		"career", "ux", "finance", "investing", "crypto", "camping", "hiking", "travel", "itinerary",
		"rhyme", "sonnet", "imagery", "plot", "airport", "flight", "nurse", "business", "permits", "license", "licence",
		"who was", "quién fue", "wer war", "qui était", "кто такой", "quem foi", "どんな人", "是哪个国家的人",
		"cover letter", "factory settings", "terrarium", "reptile", "sprint planning", "story points", "user story",
		"acceptance criteria", "population", "人口", "sleep", "спать", "сна", "dormir", "schlaf*", "sommeil",
		"meaning", "symbolism", "themes", "意思", "significa", "bedeutet", "signifie", "смысл", "quis dizer",
		"veut dire", "was will", "о чём", "о чем",
		"permisos", "licencia", "genehmigung*", "autorisation*", "licença", "alvará", "разрешени*",
		"历史", "长城", "饮食", "睡眠", "理财", "旅游", "行程",
		"歴史", "観光", "旅行", "睡眠",
		"historia", "siglo", "cena saludable", "inflación", "viaje",
		"geschichte", "mauer", "energiesparen", "reise", "goethe",
		"révolution", "histoire", "réchauffement", "sorties", "mariage", "baudelaire",
		"истори*", "древн*", "переезд*", "пушкин*",
		"história", "colonial", "viagem", "roteiro", "drummond", "economizar",
	},
	sigPersonal: {
		"my", "our", "we", "we re", "i m", "i have", "i am", "i need", "i want", "i work",
		"我", "我们", "我的", "私", "僕", "弊社", "社内", "うち",
		"mi", "mis", "nuestro", "nuestra", "tengo", "quiero", "necesito",
		"meu", "minha", "nosso", "nossa", "tenho", "quero", "preciso",
		"mein", "meine", "meinen", "meinem", "unser", "unsere", "unseren", "ich", "wir",
		"mon", "ma", "mes", "notre", "nos", "nous", "je", "j",
		"мой", "моя", "мою", "мне", "наш", "наша", "нашу", "у меня", "у нас", "я", "хочу", "мы",
	},
	sigPractical: {
		// the same things of daily and working life in each language
		"应用", "网站", "服务器", "公司", "企业", "店", "网店", "团队", "老板", "领导", "经理", "房东", "客户", "顾客",
		"工作", "工资", "薪水", "汽车", "房子", "公寓", "孩子", "父母", "家人", "旅行", "航班", "机票", "预算",
		"发票", "付款", "邮件", "短信", "消息", "会议", "用户", "订单", "销售", "线上", "医生", "医院", "婚礼", "房租",
		"アプリ", "サイト", "ウェブサイト", "サーバー", "会社", "企業", "ショップ", "チーム", "上司", "大家",
		"顧客", "お客様", "仕事", "転職", "給料", "年収", "車", "マンション", "子供", "両親", "家族", "旅行",
		"フライト", "予算", "請求書", "支払い", "メール", "メッセージ", "会議", "打ち合わせ", "ユーザー", "注文",
		"売上", "本番", "医者", "病院", "結婚式", "家賃", "予約",
		"aplicación", "app", "sitio web", "página web", "servidor", "empresa", "negocio", "tienda", "equipo", "jefe",
		"casero", "cliente", "clientes", "trabajo", "empleo", "salario", "sueldo", "coche", "carro", "casa", "piso",
		"hijos", "padres", "familia", "viaje", "vuelo", "presupuesto", "factura", "pago", "correo", "mensaje",
		"reunión", "usuarios", "pedidos", "ventas", "producción", "médico", "boda", "alquiler", "vecino",
		"webseite", "website", "server", "firma", "unternehmen", "laden", "shop", "team", "chef", "vorgesetzte*",
		"vermieter", "kunde*", "job", "stelle", "beruf", "gehalt", "auto", "wohnung", "haus", "kinder", "eltern",
		"familie", "reise", "flug", "budget", "rechnung", "zahlung", "e mail", "nachricht", "besprechung",
		"nutzer", "bestellungen", "umsatz", "produktion", "arzt", "hochzeit", "miete", "heizung", "haushalt",
		"application", "appli", "site web", "serveur", "entreprise", "boutique", "magasin", "équipe", "patron",
		"propriétaire", "client", "clients", "travail", "emploi", "salaire", "voiture", "maison", "appartement",
		"enfants", "famille", "voyage", "vol", "budget", "facture", "paiement", "message", "réunion",
		"utilisateurs", "commandes", "ventes", "médecin", "mariage", "loyer", "plombier",
		"приложени*", "сайт*", "сервер*", "компани*", "фирм*", "магазин*", "команд*", "начальник*",
		"руководител*", "арендодател*", "клиент*", "работа", "работу", "работе", "работы", "работой", "зарплат*", "машин*", "квартир*", "дет*",
		"ребён*", "ребен*", "родител*", "семь*", "поездк*", "перелёт*", "рейс*", "бюджет*", "счёт", "оплат*",
		"письм*", "сообщени*", "встреч*", "совещани*", "пользовател*", "заказ*", "продаж*", "продакшен*",
		"врач*", "свадьб*", "аренд*", "сосед*", "переезд*",
		"aplicativo", "site", "servidor", "empresa", "negócio", "loja", "equipe", "chefe", "gerente",
		"proprietário", "cliente", "clientes", "trabalho", "emprego", "salário", "carro", "casa", "apartamento",
		"filhos", "pais", "família", "viagem", "voo", "orçamento", "fatura", "pagamento", "mensagem", "reunião",
		"usuários", "pedidos", "vendas", "produção", "médico", "casamento", "aluguel", "síndico", "clínicas",
		"app", "website", "site", "server", "company", "business", "startup", "store", "shop", "team", "boss",
		"manager", "landlord", "client", "customer", "customers", "job", "salary", "car", "house", "apartment",
		"kids", "family", "parents", "wedding", "trip", "flight", "budget", "deposit", "invoice", "email",
		"resume", "cover letter", "meeting", "production", "users", "orders", "sales", "warehouse", "bakery",
		"revenue", "offer", "dog", "gift", "laptop", "iphone", "honda", "cabin", "itinerary", "packing list",
		"meal plan", "contact", "landlord", "rent", "mortgage", "portfolio", "girlfriend", "playlist", "checkout",
		"customer support", "text message", "deploy", "aws", "upload", "uploads", "login", "folder", "photos",
		"backup", "emails", "cron", "venv", "windows", "files", "log files", "api", "docker", "prod", "servers",
		"message", "invite", "inviting", "friends",
		"passport", "visa", "documents", "paperwork", "day trips", "things to do", "places to", "backup", "backups",
		"notification", "notifications", "prices", "price",
		"colleague", "colleagues", "coworker", "coworkers", "employer", "tip", "tipping", "colega", "colegas",
		"what to take", "what to bring", "what to pack", "qué llevar", "was mitnehmen", "quoi emporter", "что взять",
		"o que levar", "带什么", "持ち物",
		// the records a business or a household keeps, and buying things, in each language
		"invoices", "shipping", "payments", "inventory", "stock", "employees", "staff", "students", "bookings",
		"reservations", "appointments", "tickets", "report", "reports", "insurance", "bank", "loan", "buy",
		"facturas", "envíos", "pagos", "inventario", "empleados", "alumnos", "reservas", "citas", "informe",
		"seguro", "banco", "préstamo", "comprar",
		"rechnungen", "versand", "zahlungen", "lager", "mitarbeiter", "schüler", "buchungen", "termine", "bericht",
		"versicherung", "kredit", "kaufen",
		"factures", "livraison", "paiements", "employés", "élèves", "réservations", "rendez vous", "rapport",
		"assurance", "banque", "prêt", "acheter",
		"счета", "доставк*", "платеж*", "платёж*", "склад*", "сотрудник*", "студент*", "бронировани*", "отчёт*", "отчет*",
		"страховк*", "банк*", "кредит*", "купить",
		"faturas", "entrega", "pagamentos", "estoque", "funcionários", "alunos", "reservas", "consultas", "relatório",
		"seguro", "empréstimo", "comprar",
		"库存", "员工", "学生", "预约", "报表", "报告", "保险", "银行", "贷款", "买",
		"在庫", "従業員", "社員", "学生", "予約", "レポート", "報告書", "保険", "銀行", "ローン", "買",
		"propina", "empleador", "kollege*", "kollegin*", "trinkgeld", "arbeitgeber", "collègue*", "pourboire",
		"employeur", "коллег*", "чаевы*", "работодател*", "gorjeta", "empregador", "同事", "小费", "雇主", "朋友圈",
		"同僚", "チップ", "取引先",
		"pasaporte", "trámites", "documentos", "copia de seguridad", "notificación", "precios", "qué ver",
		"reisepass", "unterlagen", "visum", "sicherung", "benachrichtigung*", "preise", "sehenswürdigkeiten",
		"passeport", "démarches", "sauvegarde", "à visiter", "паспорт*", "документ*", "резервн*",
		"уведомлени*", "цен", "цены", "passaporte", "o que visitar", "preços", "notificação",
		"护照", "签证", "证件", "备份", "价格", "通知", "パスポート", "ビザ", "書類", "場所", "バックアップ",
		"価格", "値段",
		"公司", "老板", "父母", "预算", "服务器", "线上", "邮件", "快递", "请假", "订单", "客服", "短信", "店",
		"会社", "上司", "予算", "本番", "メール", "両親", "社員", "勤怠", "予約", "旅行",
		"empresa", "jefe", "presupuesto", "cliente", "clientes", "pedidos", "vecino", "correo*", "factura*", "mensaje",
		"cafetería", "ventas", "vuelo", "madre", "usuarios",
		"chefe", "orçamento", "clínicas", "síndico", "mensagem", "e mail", "loja", "pacientes", "esposa",
		"firma", "vermieter", "budget", "familie", "kunden", "nutzer", "haushalt", "heizung", "verein",
		"entreprise", "propriétaire", "client", "clients", "plombier", "mariage", "site", "budget", "magasin",
		"application", "aplicación", "aplicativo", "université", "universidad", "universidade",
		"начальник*", "бюджет*", "клиент*", "сосед*", "магазин*", "заказ*", "пользовател*", "переезд*", "продакшен*",
	},
	sigDesign: {
		// the same concepts in each language: design, architecture, plan, migrate, scale,
		// optimise, strategy, propose, compare and choose, itinerary
		"设计", "架构", "规划", "计划", "迁移", "扩容", "优化", "策略", "方案", "比较", "选择", "行程", "日程",
		"設計", "アーキテクチャ", "構成", "計画", "プラン", "移行", "最適化", "戦略", "提案", "比較", "旅程",
		"スケジュール", "考えてください",
		"diseñar", "diseña", "arquitectura", "planificar", "planifica", "migrar", "escalar", "optimizar", "optimiza",
		"estrategia", "propón", "proponer", "comparar", "elegir", "itinerario",
		"entwerfen", "entwirf", "architektur", "planen", "plane", "migrieren", "skalieren", "optimieren",
		"strategie", "vorschlagen", "vergleichen", "wählen", "reiseplan", "zeitplan", "route", "vorgehen",
		"concevoir", "conçois", "architecture", "planifier", "migrer", "optimiser", "stratégie", "proposer",
		"propose", "comparer", "choisir", "itinéraire", "planning",
		"спроектир*", "архитектур*", "план*", "миграц*", "масштабир*", "оптимизир*", "стратеги*", "предложи",
		"сравни*", "выбрать", "маршрут*", "составь",
		"projetar", "projete", "arquitetura", "planejar", "planeje", "migrar", "escalar", "otimizar", "estratégia",
		"proponha", "comparar", "escolher", "roteiro", "cronograma", "monta",
		"design", "architecture", "architect", "propose", "strategy", "migrate", "migration",
		"scale", "scaling", "optimize", "optimise", "improve", "compare", "which should", "choose", "itinerary",
		"schedule", "roadmap", "set up", "setup", "make this fast", "meal plan", "route", "plan", "*plan",
		"timeline", "lesson", "program", "redesign", "restructure", "recruit",
		"menu", "menú", "меню", "cardápio", "菜单", "献立", "メニュー", "plano", "monte", "organiza", "organise", "organize",
		"organizar", "organisieren", "organiser", "организовать", "организуй", "组织", "企画",
		"设计", "架构", "规划", "方案", "优化", "计划", "行程",
		"設計", "提案", "構成", "旅程", "計画",
		"diseña", "arquitectura", "planifica", "optimiza", "pasos", "distribuyo",
		"projete", "arquitetura", "roteiro", "planeje", "otimizar", "escalar", "monta",
		"entwirf", "architektur", "plane", "route", "optimieren", "vorgehen", "aufteilen",
		"conçois", "concevoir", "planning", "répartir", "optimiser", "démarche", "propose", "schéma",
		"спроектируй", "архитектур*", "план", "составь", "составить", "оптимизир*", "выбрать",
	},
	sigTrouble: {
		// the same troubles in each language: an error, a crash, not working, slow, broken, a problem, a fix
		"错误", "报错", "出错", "崩溃", "闪退", "不工作", "没反应", "慢", "卡", "坏了", "问题", "修复", "解决",
		"什么原因", "我哪里做错了", "404", "oomkilled",
		"エラー", "クラッシュ", "落ちる", "動かない", "動作しない", "遅い", "遅く", "壊れ", "問題", "困って", "直して",
		"修正", "失敗", "かかる", "何が悪い",
		"error", "falla", "se cuelga", "se cierra", "no funciona", "lento", "tarda", "roto", "problema", "arreglar",
		"solucionar", "soluciono", "se cae", "se queda sin", "a qué se debe",
		"fehler", "stürzt ab", "absturz", "funktioniert nicht", "langsam", "kaputt", "problem", "beheben", "behebe",
		"reparieren", "nicht mehr erreichbar", "woran kann das liegen", "was mache ich falsch", "verliert",
		"erreur", "plante", "ne marche pas", "ne fonctionne pas", "lent", "lente", "cassé", "en panne", "problème",
		"réparer", "corriger", "s arrête", "qu est ce que je fais mal", "met 15 secondes", "secondes à",
		"ошибк*", "падает", "вылетает", "не работает", "медленн*", "тормоз*", "сломал*", "проблем*", "исправ*",
		"почин*", "жалуются", "диагностик*", "в чём может быть причина", "что я делаю не так", "перестаёт",
		"перестает",
		"erro", "trava", "fecha sozinho", "não funciona", "lento", "demora", "quebrado", "problema", "consertar",
		"corrigir", "resolvo", "hackeado", "o que estou fazendo de errado",
		"error", "errors", "crash", "crashes", "crashing", "fails", "failed", "failing", "not working",
		"doesn t work", "isn t working", "broken", "bug", "issue", "problem", "what could it be", "slow", "leak",
		"how to fix", "fix", "takes", "nothing happens", "oom", "grinding", "what else could it be", "timing out",
		"times out", "timeout", "timed out", "too slow", "drops", "what am i doing wrong", "what could be the cause",
		"disconnects", "loses connection", "keeps crashing",
		"slower", "más lento", "langsamer", "plus lent", "медленнее", "mais lento", "变慢", "遅くなっ",
		// symptoms of a fault in each language: a squeal, switching itself off, is it normal or dangerous
		// and what to check for one
		"going wrong", "squeal*", "rattl*", "turns off", "shuts off", "shuts down", "is that normal",
		"is it normal", "is that dangerous", "is it dangerous", "what can i check", "what should i check",
		"se apaga", "es normal", "es peligroso", "qué puedo revisar", "qué reviso",
		"schaltet sich", "geht aus", "ist das normal", "gefährlich", "selbst prüfen", "was kann ich prüfen",
		"s éteint", "c est normal", "est ce normal", "dangereux", "que vérifier", "выключается", "это нормально",
		"опасно", "что проверить", "desliga", "é normal", "perigoso", "o que verificar",
		"异响", "关机", "正常吗", "危险吗", "检查哪些", "检查什么", "異音", "電源が落ち", "正常ですか", "危険", "何を確認",
		"报错", "错误", "崩溃", "怎么办", "排查", "偶尔", "超卖", "问题",
		"エラー", "バグ", "再起動", "遅く", "原因", "困っています",
		"falla", "no funciona", "lento", "qué estoy haciendo mal", "tarda", "da error", "cuello de botella",
		"erro", "não funciona", "trava", "fecha sozinho", "o que pode ser", "às vezes", "dá erro",
		"fehler", "fehl", "funktioniert nicht", "kaputt", "langsam", "ursache", "behebe", "nichts aus",
		"erreur", "plante", "ne marche pas", "ne fonctionne pas", "page blanche", "lente", "bug",
		"ошибк*", "падает", "не работает", "тормозит", "медленн*", "грузится",
	},
	sigWorks: {
		"work", "works", "working principle", "funciona", "funcionan", "funktioniert", "funktionieren", "fonctionne",
		"fonctionnent", "работает", "работают", "устроен*", "仕組み", "原理", "如何工作", "怎么工作", "運作",
	},
	sigRights: {
		"can my", "is it legal", "is it allowed", "puede mi", "es legal", "darf mein", "darf meine", "ist es erlaubt",
		"a t il le droit", "est ce légal", "имеет ли право", "законно ли", "pode meu", "pode minha", "é legal",
		"合法吗", "违法吗", "違法ですか",
	},
	sigTests: {
		"tests", "unit tests", "test cases", "pruebas", "pruebas unitarias", "tests unitarios", "unit tests", "testfälle",
		"tests unitaires", "тесты", "тестами", "юнит тесты", "testes", "testes unitários", "测试", "单元测试", "测试用例",
		"テスト", "単体テスト", "テストケース",
	},
	sigHowTo: {
		"how do i", "how can i", "how to", "how should", "what should i", "how would you", "how do we",
		"cómo hago", "cómo puedo", "cómo", "como faço", "como eu", "como posso", "como resolvo", "wie kann ich",
		"wie schreibe ich", "wie", "comment faire", "comment je peux", "comment", "怎么", "如何", "どうすれば",
		"どうやって", "方法", "как написать", "как сделать", "как исправить", "как",
	},
	sigExplain: {
		"explain", "what is", "what are", "what s", "difference between", "why", "define", "describe", "how does",
		"what does", "qué hace", "was macht", "que fait", "qu est ce que fait", "что делает", "o que faz", "做什么", "何をする",
		"什么是", "为什么", "区别", "解释", "介绍", "とは", "なぜ", "違い",
		"qué es", "por qué", "diferencia", "explica", "o que é", "por que", "diferença", "explique",
		"was ist", "warum", "unterschied", "erkläre", "qu est ce", "pourquoi", "différence", "explique",
		"что такое", "почему", "разница", "разниц*", "объясни",
	},
	sigSuggest: {
		"recommend", "suggest", "ideas", "names", "brainstorm", "gift", "options", "tips", "reasons to",
		"推荐", "建议", "起名", "名字", "おすすめ",
		"recomienda", "ideas", "sugiere", "recomende", "dicas", "ideias", "sugira",
		"empfiehl", "tipps", "ideen", "vorschläge", "recommande", "idées", "conseils", "посоветуй", "совет*", "иде*",
	},
	sigToy: {
		"palindrome", "fibonacci", "linked list", "reverse", "hello world", "leetcode", "lru cache", "closure",
		"this function", "fizzbuzz", "even numbers", "vowels", "primzahl", "palindrom", "链表", "质数", "连结",
		"連結リスト", "liste chaînée", "lista enlazada", "lista ligada", "связный список", "verkettete liste",
		"гласных", "pares", "重複を削除", "palavras de um texto", "por fecha", "ob ein wort",
	},
	sigTool: {
		"git", "github", "gitlab", "docker", "dockerfile", "kubernetes", "k8s", "cron", "crontab", "npm", "pip",
		"nginx", "jenkins", "aws", "heroku", "wordpress", "celery", "gunicorn", "github actions", "venv", "pycharm",
		"spring boot", "jvm", "mysql", "postgres", "postgresql", "redis", "mongodb", "database", "api", "server",
		"servers", "web", "website", "production", "deploy", "container", "excel", "csv", "files", "folder",
		"email", "login", "upload", "react", "django", "laravel", "shopify", "android", "ios", "windows", "linux",
		"ci", "pipeline", "kafka", "elasticsearch", "div", "browser", "orders", "customers", "users", "sales",
		"数据库", "服务器", "线上", "订单", "本番環境", "データベース", "コンテナ", "base de datos", "banco de dados",
		"datenbank", "base de données", "базы данных", "бэкенд*", "продакшен*",
		"wifi", "wi fi", "wlan", "ssh", "router", "роутер*", "路由器", "ルーター", "telegram", "телеграм*",
		"apache", "systemd", "systemctl",
		// the files, sheets, hosts and services working programs handle, in each language
		"powershell", "shell", "terminal", "macos", "spreadsheet", "google sheets", "pdf", "http", "https", "ssl", "dns",
		"hosting", "vps", "cloud", "azure", "gcp", "firebase", "stripe", "slack", "discord", "whatsapp", "printer",
		"bluetooth", "arduino", "esp32", "logs", "postcode",
		"archivo", "archivos", "carpeta", "hoja de cálculo", "datei", "dateien", "ordner", "fichier", "fichiers",
		"tableur", "hébergement", "файл*", "папк*", "хостинг*", "arquivo*", "planilha", "hospedagem",
		"文件", "文件夹", "表格", "ファイル", "フォルダ", "スプレッドシート",
	},
	sigProof: {
		"prove", "proof", "show that", "zeige dass", "zeigen sie dass", "montre que", "montrez que", "muestra que",
		"mostre que", "покажи что", "покажите что", "demostrar", "demuestra", "demostración", "prove que", "provar",
		"demonstre", "beweise", "beweisen", "démontre", "démontrer", "докажи", "доказать", "证明", "証明", "証明して",
	},
	sigAsk: {
		"write", "implement", "use", "give", "explain", "describe", "compare", "estimate", "propose",
		"design", "create", "add", "include", "handle", "show", "suggest", "find", "calculate", "summarize",
		"translate", "check", "review", "fix", "optimize", "build", "then", "also", "plan",
		"写", "设计", "说明", "给出", "比较", "并", "另外",
		"escribe", "explica", "dame", "compara", "incluye", "diseña", "también",
		"schreib", "erkläre", "nenne", "vergleiche", "plane", "außerdem",
		"écris", "explique", "donne", "compare", "propose", "aussi",
		"напиши", "объясни", "дай", "сравни", "предложи", "также",
		"escreva", "explique", "compare", "proponha", "também",
		"implementa", "implémente", "implementiere", "реализуй", "implemente", "实现", "実装して",
	},
	sigChoice: {
		"how would you", "which should", "should we", "should i", "would you recommend", "cleanest", "best way",
		"which one", "what would you",
		"me recomiendas", "recomiendas", "cuál debería", "debería", "conviene", "qué me recomiendas",
		"vale a pena", "qual devo", "devo usar", "compensa", "você recomenda",
		"soll ich", "sollten wir", "lohnt sich", "empfiehlst du", "würdest du",
		"dois je", "devrions nous", "vaut il mieux", "tu conseilles", "tu recommandes",
		"стоит ли", "что лучше", "какую выбрать", "какой выбрать", "посоветуешь",
		"比较好", "哪种", "哪个好", "选哪个", "应该选", "どちらが", "どれが", "べきですか", "おすすめは",
	},
	sigDeep: {
		"explain", "why", "difference between", "how does", "define", "how do", "what causes", "causes",
		"为什么", "区别", "解释", "なぜ", "違い", "仕組み",
		"por qué", "diferencia", "explica", "por que", "diferença", "explique",
		"warum", "unterschied", "erkläre", "pourquoi", "différence", "explique",
		"почему", "разница", "разниц*", "объясни",
	},
	sigRewrite: {
		"rewrite", "reword", "rephrase", "proofread", "make it more", "make it sound", "sound friendlier",
		"summarize", "summarise", "reescribe", "reformula", "resume", "reescreva", "resuma", "umschreiben",
		"formuliere", "fasse", "réécris", "reformule", "résume", "перепиши", "перефразируй", "перескажи",
		"改写", "润色", "总结", "書き直して", "言い換えて", "要約",
	},
	sigPeriod: {"roman", "medieval", "ancient", "century", "victorian", "rpg", "tabletop", "campaign", "samurai", "侍", "江戸時代", "古代"},
	sigAdvice: {
		"where do i start", "where should i start", "por dónde empiezo", "wo fange ich an", "par où commencer",
		"с чего начать", "por onde começo", "从哪里开始", "何から始め",
		"should i", "what are my rights", "is it safe", "what should i", "be honest",
		"is it a good idea", "what can i", "should we", "qué debo", "debo", "qué hacer", "was soll ich",
		"qué puedo hacer", "was kann ich tun", "que puis je faire", "что я могу сделать", "我能做什么", "何ができる",
		"o que posso fazer", "what are my options", "what options", "quelles sont les options", "que opções",
		"qué opciones", "welche optionen", "какие варианты", "有哪些选择", "アドバイス", "advice", "conselho",
		"consejo", "rat", "conseil", "совет", "建议", "你觉得可行吗", "feasible", "realistic",
		"soll ich", "was tun", "que dois je", "dois je", "que faire", "что делать", "что мне делать",
		"应该", "怎么办", "どうすれば", "べき", "すべき", "o que devo", "devo", "o que fazer",
	},
})

// inLang are the phrases that name a programming language as the one to write in: "in
// C", "en Go", "auf Rust", "faster than Go". Lower case, so "in c" may also be a key in
// music; the rules ask for more than this one signal only where that would matter.
func inLang() []string {
	var out []string
	for _, prep := range []string{"in", "using", "en", "em", "auf", "на", "than", "with", "con", "com", "mit", "avec"} {
		for _, lang := range []string{"c", "go", "rust", "java", "r", "kotlin", "swift", "python", "ruby", "scala", "haskell", "perl"} {
			if len(lang) <= 2 && !slices.Contains([]string{"in", "using", "en", "em", "auf", "на", "than"}, prep) {
				continue // "with c", "con r": too often something else
			}
			out = append(out, prep+" "+lang)
		}
	}
	for _, lang := range []string{"c", "c++", "go", "java", "python"} {
		out = append(out, "用"+lang, lang+"语言", lang+"言語", lang+"で")
	}
	return out
}

// Lengths and counts: a number, in digits or words, then within two words a unit of
// text or a kind of item ("3 bullet points", "five healthy breakfast ideas", "a
// 500-word essay"); minutes and seconds only as a duration ("2 minutes long").
var (
	numberWords = setOf("one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven",
		"twelve", "fifteen", "twenty", "thirty", "fifty", "hundred", "single",
		"uno", "una", "dos", "tres", "cuatro", "cinco", "seis", "siete", "ocho", "nueve", "diez",
		"ein", "eine", "einem", "einen", "einer", "zwei", "drei", "vier", "fünf", "sechs", "sieben", "acht", "neun", "zehn",
		"un", "une", "deux", "trois", "quatre", "cinq", "sept", "huit", "neuf", "dix",
		"одно", "одна", "один", "одним", "одной", "два", "две", "двух", "три", "трёх", "трех", "четыре", "пять", "пяти", "десять",
		"um", "uma", "dois", "duas", "três", "quatro", "seis", "sete", "oito", "nove", "dez")
	lengthUnits = setOf("words", "word", "sentences", "sentence", "paragraphs", "paragraph", "lines", "line", "liner",
		"bullet", "bullets", "points", "point", "items", "characters", "chars", "stanzas", "syllables", "tips", "ideas",
		"names", "reasons", "examples", "keywords", "facts", "phrases", "options", "suggestions", "titles", "countries",
		"books", "hashtags", "tweets",
		"palabras", "frases", "frase", "oraciones", "oración", "párrafos", "párrafo", "líneas", "viñetas", "puntos",
		"consejos", "nombres", "razones", "ejemplos",
		"wörter", "wörtern", "wort", "sätze", "sätzen", "satz", "absätze", "absätzen", "absatz", "zeilen", "stichpunkte",
		"stichpunkten", "punkte", "tipps", "ideen", "namen", "gründe", "beispiele",
		"mots", "mot", "phrase", "paragraphes", "paragraphe", "lignes", "ligne", "puces", "idées", "conseils", "noms",
		"raisons", "exemples",
		"palavras", "palavra", "parágrafos", "parágrafo", "linhas", "linha", "tópicos", "itens", "dicas", "ideias", "nomes",
		"razões", "exemplos")
	lengthStems = []string{"слов", "предложени", "абзац", "строк", "пункт", "совет", "иде", "пример", "причин"}
	durations   = setOf("minutes", "minute", "seconds", "second", "minutos", "minuten", "sekunden", "минут", "minutos")
	// cjkUnits follow a number in Chinese and Japanese: characters, sentences, items.
	cjkUnits = []string{"个字", "字", "句", "段", "条", "个要点", "个方法", "个名字", "个建议", "个理由", "个例子", "本",
		"文字", "行", "文で", "つ", "項目", "段落"}
)

func setOf(words ...string) map[string]bool {
	m := make(map[string]bool, len(words))
	for _, w := range words {
		m[w] = true
	}
	return m
}
